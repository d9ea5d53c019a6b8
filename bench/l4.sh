#!/usr/bin/env bash
# L4 benchmark: TCP throughput (iperf3) and TCP connection rate (redis-benchmark -k 0: a new connection per
# request) through Ballast's network load balancer and through NGINX's stream module, side by side, with the same
# backends, in alternating rounds. The proxy under test is pinned to CPU 0 (NGINX: one worker); load generators
# and backends run on the other CPUs. Prints each round and the Ballast/NGINX ratios (median of rounds).
#
#   bench/l4.sh [rounds (default 3)] [seconds per iperf3 run (default 5)]
#
# Environment: BALLAST_JAR (run that ballast.jar, e.g. a saved build for a before/after pair, instead of ./ballast,
# which builds when sources changed); BALLAST_JAVA_OPTS (JVM options, default -Xmx512m).
#
# Needs: iperf3, redis-server + redis-tools, nginx + libnginx-mod-stream, python3, taskset; Java 17 for Ballast.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

rounds="${1:-3}"
seconds="${2:-5}"
requests=20000
clients=50
work="$(mktemp -d)"
pids=()

cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

await_port() {
  for _ in $(seq 1 200); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then return 0; fi
    sleep 0.1
  done
  echo "port $1 never opened" >&2
  exit 1
}

cpus="$(nproc)"
others="1-$((cpus - 1))"
if [[ "$cpus" -lt 2 ]]; then others=0; fi

# Backends, shared by every run.
iperf_port="$(free_port)"
redis_port="$(free_port)"
taskset -c "$others" iperf3 -s -p "$iperf_port" >/dev/null 2>&1 &
pids+=($!)
taskset -c "$others" redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no >/dev/null &
pids+=($!)
await_port "$iperf_port"
await_port "$redis_port"

# Ballast: one network load balancer, two TCP listeners.
ballast_iperf="$(free_port)"
ballast_redis="$(free_port)"
cat >"$work/ballast.yaml" <<YAML
loadBalancers:
  - name: bench-nlb
    type: network
    scheme: internal
    listeners:
      - {protocol: TCP, port: $ballast_iperf, defaultAction: {forward: iperf}}
      - {protocol: TCP, port: $ballast_redis, defaultAction: {forward: redis}}
targetGroups:
  - {name: iperf, protocol: TCP, port: $iperf_port, targets: [127.0.0.1]}
  - {name: redis, protocol: TCP, port: $redis_port, targets: [127.0.0.1]}
YAML
if [[ -n "${BALLAST_JAR:-}" ]]; then
  # shellcheck disable=SC2086
  taskset -c 0 java ${BALLAST_JAVA_OPTS:--Xmx512m} -jar "$BALLAST_JAR" server --config "$work/ballast.yaml" \
    >"$work/ballast.log" 2>&1 &
else
  ./ballast --version >/dev/null 2>&1 || true # builds the jar once, outside the measurement
  BALLAST_JAVA_OPTS="${BALLAST_JAVA_OPTS:--Xmx512m}" taskset -c 0 ./ballast server --config "$work/ballast.yaml" \
    >"$work/ballast.log" 2>&1 &
fi
pids+=($!)

# NGINX stream proxy: one worker, the same two forwards.
nginx_iperf="$(free_port)"
nginx_redis="$(free_port)"
mkdir -p "$work/nginx"
cat >"$work/nginx/nginx.conf" <<CONF
load_module /usr/lib/nginx/modules/ngx_stream_module.so;
worker_processes 1;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log warn;
events { worker_connections 4096; }
stream {
  server { listen 127.0.0.1:$nginx_iperf; proxy_pass 127.0.0.1:$iperf_port; }
  server { listen 127.0.0.1:$nginx_redis; proxy_pass 127.0.0.1:$redis_port; }
}
CONF
taskset -c 0 nginx -p "$work/nginx" -c "$work/nginx/nginx.conf" -g 'daemon off;' &
pids+=($!)

await_port "$ballast_iperf"
await_port "$ballast_redis"
await_port "$nginx_iperf"
await_port "$nginx_redis"

throughput() { # port -> Gbit/s received
  # iperf3's server takes one test at a time and a probe connection (await_port) can keep it busy for a moment:
  # a run it refuses is retried.
  local attempt json
  for attempt in 1 2 3 4 5; do
    json="$(taskset -c "$others" iperf3 -c 127.0.0.1 -p "$1" -t "$seconds" -J || true)"
    if python3 -c 'import json,sys; json.loads(sys.argv[1])["end"]["sum_received"]' "$json" 2>/dev/null; then
      python3 -c 'import json,sys; print("%.2f" % (json.loads(sys.argv[1])["end"]["sum_received"]["bits_per_second"] / 1e9))' "$json"
      return 0
    fi
    sleep 1
  done
  echo "iperf3 through port $1 failed: $json" >&2
  return 1
}

connection_rate() { # port -> new connections (requests) per second
  taskset -c "$others" redis-benchmark -h 127.0.0.1 -p "$1" -k 0 -c "$clients" -n "$requests" -t ping_inline -q 2>/dev/null |
    tr '\r' '\n' | awk '/PING_INLINE: [0-9.]+ requests per second/ {v=$2} END {print v}'
}

# Warm-up (JIT, connection paths) not counted.
throughput "$ballast_iperf" >/dev/null
connection_rate "$ballast_redis" >/dev/null
throughput "$nginx_iperf" >/dev/null
connection_rate "$nginx_redis" >/dev/null

echo "machine: $(nproc) CPUs, $(uname -r); $(java -version 2>&1 | head -1); $(nginx -v 2>&1); iperf3 $(iperf3 --version | head -1 | awk '{print $2}'); redis $(redis-server --version | awk '{print $3}')"
echo "proxy pinned to CPU 0; iperf3 -t $seconds; redis-benchmark -k 0 -c $clients -n $requests -t ping_inline"
printf '%-6s %-22s %-22s %-22s\n' round "direct Gbit/s | conn/s" "ballast Gbit/s | conn/s" "nginx Gbit/s | conn/s"
results="$work/results"
for round in $(seq 1 "$rounds"); do
  # Alternate the order so neither proxy always runs first.
  if (( round % 2 )); then order="ballast nginx"; else order="nginx ballast"; fi
  declare -A tp=() cr=()
  tp[direct]="$(throughput "$iperf_port")"; cr[direct]="$(connection_rate "$redis_port")"
  for who in $order; do
    if [[ "$who" == ballast ]]; then p1="$ballast_iperf"; p2="$ballast_redis"; else p1="$nginx_iperf"; p2="$nginx_redis"; fi
    tp[$who]="$(throughput "$p1")"
    cr[$who]="$(connection_rate "$p2")"
  done
  printf '%-6s %-22s %-22s %-22s\n' "$round" "${tp[direct]} | ${cr[direct]}" "${tp[ballast]} | ${cr[ballast]}" \
    "${tp[nginx]} | ${cr[nginx]}"
  echo "${tp[ballast]} ${cr[ballast]} ${tp[nginx]} ${cr[nginx]}" >>"$results"
done

python3 - "$results" <<'PY'
import statistics, sys
rows = [list(map(float, line.split())) for line in open(sys.argv[1])]
tp = [r[0] / r[2] for r in rows]
cr = [r[1] / r[3] for r in rows]
print("ratio ballast/nginx throughput: median %.2f (min %.2f, max %.2f)" % (statistics.median(tp), min(tp), max(tp)))
print("ratio ballast/nginx connections/s: median %.2f (min %.2f, max %.2f)" % (statistics.median(cr), min(cr), max(cr)))
PY
