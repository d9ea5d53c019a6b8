#!/usr/bin/env bash
# Failed requests when a target dies under keep-alive load: Ballast and an NGINX proxy in front of the same three
# NGINX targets (one process each), wrk with keep-alive connections; one target gets SIGKILL mid-run.
#
# Usage: bench/target-loss.sh [--duration SECONDS] [--kill-after SECONDS] [--connections N] [--systems "..."]
#   systems: ballast nginx (default: both)
# Prints, per system, the requests wrk completed, the non-2xx responses and the socket errors it saw.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
duration=15
kill_after=5
connections=50
systems="ballast nginx"
while [ $# -gt 0 ]; do
  case "$1" in
    --duration) duration=$2; shift 2 ;;
    --kill-after) kill_after=$2; shift 2 ;;
    --connections) connections=$2; shift 2 ;;
    --systems) systems=$2; shift 2 ;;
    -h|--help) sed -n '2,7p' "$0"; exit 0 ;;
    *) echo "unknown option: $1 (see --help)" >&2; exit 2 ;;
  esac
done

for tool in wrk nginx java curl; do
  command -v "$tool" >/dev/null 2>&1 || { echo "target-loss: missing tool: $tool" >&2; exit 3; }
done
lb_port=19300
target_ports="19301 19302 19303"
for port in $lb_port $target_ports; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "target-loss: port 127.0.0.1:$port is already in use; stop what holds it" >&2
    exit 4
  fi
done

work=$(mktemp -d /tmp/ballast-target-loss.XXXXXX)
pids=()
stop_all() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  pids=()
}
trap 'stop_all; rm -rf "$work"' EXIT

echo "target-loss: building Ballast" >&2
(cd "$root" && ./mvnw -q -DskipTests package) >&2

# shellcheck source=lib/nginx-targets.sh
source "$here/lib/nginx-targets.sh"

cat >"$work/ballast.yaml" <<CONF
loadBalancers:
  - name: loss-alb
    type: application
    scheme: internal
    listeners:
      - protocol: HTTP
        port: $lb_port
        defaultAction:
          forward: three
targetGroups:
  - name: three
    protocol: HTTP
    port: 19301
    healthCheck:
      intervalSeconds: 5
      healthyThreshold: 2
      unhealthyThreshold: 2
      timeoutSeconds: 2
    targets: [127.0.0.1:19301, 127.0.0.1:19302, 127.0.0.1:19303]
CONF

mkdir -p "$work/proxy/logs"
cat >"$work/proxy/nginx.conf" <<CONF
worker_processes 1;
pid $work/proxy/nginx.pid;
error_log $work/proxy/logs/error.log;
events { worker_connections 4096; }
http {
  access_log off;
  upstream three {
    server 127.0.0.1:19301; server 127.0.0.1:19302; server 127.0.0.1:19303;
    keepalive 64;
  }
  server {
    listen 127.0.0.1:$lb_port;
    location / { proxy_pass http://three; proxy_http_version 1.1; proxy_set_header Connection ""; }
  }
}
CONF

wait_for() {
  local deadline=$((SECONDS + 30))
  until curl -fsS -o /dev/null "$1" 2>/dev/null; do
    [ $SECONDS -lt $deadline ] || { echo "target-loss: $1 did not answer within 30 s" >&2; exit 5; }
    sleep 0.2
  done
}

printf '| system | requests | non-2xx | socket errors |\n|---|---|---|---|\n'
for system in $systems; do
  start_nginx_targets "$work" $target_ports
  case "$system" in
    ballast)
      "$root/ballast" server --config "$work/ballast.yaml" --event-loops 1 >"$work/ballast.log" 2>&1 &
      pids+=($!) ;;
    nginx)
      nginx -p "$work/proxy/" -c "$work/proxy/nginx.conf" -g 'daemon off;' &
      pids+=($!) ;;
    *) echo "unknown system: $system" >&2; exit 2 ;;
  esac
  wait_for "http://127.0.0.1:$lb_port/"
  sleep 3 # the first health checks of Ballast's targets (up to 2 s) have passed: every target is in rotation
  wrk -t1 -c"$connections" -d"${duration}s" "http://127.0.0.1:$lb_port/" >"$work/wrk-$system.txt" &
  wrk_pid=$!
  sleep "$kill_after"
  kill -9 "${target_pids[1]}"
  wait "$wrk_pid"
  requests=$(awk '/requests in/ {print $1}' "$work/wrk-$system.txt")
  non2xx=$(awk -F': ' '/Non-2xx/ {print $2}' "$work/wrk-$system.txt")
  errors=$(awk -F'Socket errors: ' '/Socket errors/ {print $2}' "$work/wrk-$system.txt")
  printf '| %s | %s | %s | %s |\n' "$system" "$requests" "${non2xx:-0}" "${errors:-none}"
  stop_all
done
