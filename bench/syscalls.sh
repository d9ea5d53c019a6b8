#!/usr/bin/env bash
# System calls per new connection: Ballast against HAProxy (HTTP, ALB listener) and NGINX stream (TCP, NLB
# listener), counted with `strace -c` on the one thread that serves the connections (Ballast's event loop thread,
# HAProxy's single thread, NGINX's worker) while wrk opens a new connection per request.
#
#   bench/syscalls.sh [seconds per run (default 5)] [connections (default 50)]
#
# Prints one table per path: calls per request (= per connection) by system call, for each system.
# Every process runs on 127.0.0.1 on free ports; nothing else is needed than wrk, haproxy, nginx
# (+ libnginx-mod-stream), strace and python3.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

seconds="${1:-5}"
conns="${2:-50}"
work="$(mktemp -d)"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}
await_port() {
  for _ in $(seq 1 300); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then return 0; fi
    sleep 0.1
  done
  echo "port $1 never opened" >&2
  exit 1
}

backend="$(free_port)"; haproxy_port="$(free_port)"; alb="$(free_port)"; nlb="$(free_port)"; stream="$(free_port)"
mkdir -p "$work/backend/logs" "$work/stream/logs"
cat >"$work/backend/nginx.conf" <<CONF
worker_processes 1;
error_log logs/error.log warn;
pid logs/nginx.pid;
events { worker_connections 8000; }
http {
  access_log off;
  server { listen 127.0.0.1:$backend; location / { return 200 "hello from the benchmark backend\n"; } }
}
CONF
cat >"$work/stream/nginx.conf" <<CONF
load_module /usr/lib/nginx/modules/ngx_stream_module.so;
worker_processes 1;
error_log logs/error.log warn;
pid logs/nginx.pid;
events { worker_connections 8000; }
stream { server { listen 127.0.0.1:$stream; proxy_pass 127.0.0.1:$backend; } }
CONF
cat >"$work/haproxy.cfg" <<CONF
global
  nbthread 1
  maxconn 8000
defaults
  mode http
  option http-keep-alive
  http-reuse always
  timeout connect 10s
  timeout client 60s
  timeout server 60s
frontend one
  bind 127.0.0.1:$haproxy_port
  default_backend one
backend one
  server s0 127.0.0.1:$backend
CONF
cat >"$work/ballast.yaml" <<YAML
loadBalancers:
  - name: syscalls-alb
    type: application
    scheme: internal
    listeners:
      - {protocol: HTTP, port: $alb, defaultAction: {forward: http}}
  - name: syscalls-nlb
    type: network
    scheme: internal
    listeners:
      - {protocol: TCP, port: $nlb, defaultAction: {forward: tcp}}
targetGroups:
  - {name: http, protocol: HTTP, port: $backend, targets: ["127.0.0.1:$backend"]}
  - {name: tcp, protocol: TCP, port: $backend, targets: ["127.0.0.1:$backend"]}
YAML

nginx -p "$work/backend/" -c "$work/backend/nginx.conf" -g 'daemon off;' &
pids+=($!)
nginx -p "$work/stream/" -c "$work/stream/nginx.conf" -g 'daemon off;' &
pids+=($!); stream_master=$!
haproxy -f "$work/haproxy.cfg" -db >"$work/haproxy.log" 2>&1 &
pids+=($!); haproxy_pid=$!
./ballast --version >/dev/null 2>&1 || true # builds the jar outside the measurement
./ballast server --config "$work/ballast.yaml" --event-loops 1 >"$work/ballast.log" 2>&1 &
pids+=($!); ballast_pid=$!
for port in "$backend" "$haproxy_port" "$alb" "$nlb" "$stream"; do await_port "$port"; done

# The thread that serves connections: a JVM thread by name, else the process (or NGINX's worker).
thread_of() { # pid name-prefix
  local t
  for t in /proc/"$1"/task/*; do
    if [[ "$(cat "$t/comm")" == "$2"* ]]; then basename "$t"; return 0; fi
  done
  echo "no thread $2* in process $1" >&2
  return 1
}
stream_worker="$(cat /proc/"$stream_master"/task/*/children | awk '{print $1}')"

# Counts the system calls of thread $2 during a wrk run against port $3; writes "<requests>\n<strace -c table>".
measure() { # label tid port
  local args=(-t1 -c"$conns" -H "Connection: close" "http://127.0.0.1:$3/")
  wrk -d3s "${args[@]}" >/dev/null 2>&1 # warm-up
  strace -c -p "$2" -o "$work/$1.strace" &
  local strace_pid=$!
  sleep 0.5 # strace attaches before the load starts
  wrk -d"${seconds}s" "${args[@]}" >"$work/$1.wrk" 2>&1
  kill -INT "$strace_pid"
  wait "$strace_pid" || true
  awk '/requests in/ {print $1}' "$work/$1.wrk" >"$work/$1.requests"
}

measure haproxy "$haproxy_pid" "$haproxy_port"
measure ballast-http "$(thread_of "$ballast_pid" ballast-proxy)" "$alb"
measure nginx-stream "$stream_worker" "$stream"
measure ballast-l4 "$(thread_of "$ballast_pid" ballast-l4)" "$nlb"

python3 - "$work" <<'PY'
import os, sys
work = sys.argv[1]
def table(label):
    requests = int(open(os.path.join(work, label + ".requests")).read().split()[0])
    calls = {}
    for line in open(os.path.join(work, label + ".strace")):
        parts = line.split()
        if len(parts) >= 5 and parts[0][0].isdigit() and parts[-1] not in ("total",):
            calls[parts[-1]] = int(parts[3])
    return requests, calls
for title, systems in (("HTTP, new connection per request", ("haproxy", "ballast-http")),
                       ("TCP relay (NLB), new connection per request", ("nginx-stream", "ballast-l4"))):
    data = {s: table(s) for s in systems}
    names = sorted(set().union(*(c for _, c in data.values())))
    print("\n%s (calls per request; requests: %s)\n" % (title, ", ".join("%s %d" % (s, data[s][0]) for s in systems)))
    print("| system call | " + " | ".join(systems) + " |")
    print("|---|" + "---|" * len(systems))
    totals = {s: 0.0 for s in systems}
    for name in names:
        row = []
        for s in systems:
            per = data[s][1].get(name, 0) / max(data[s][0], 1)
            totals[s] += per
            row.append("%.2f" % per)
        if any(float(v) >= 0.01 for v in row):
            print("| %s | %s |" % (name, " | ".join(row)))
    print("| **in all** | " + " | ".join("**%.2f**" % totals[s] for s in systems) + " |")
PY
