#!/usr/bin/env bash
# Measures what the data plane's metrics cost: the keep-alive workload of bench/run.sh (wrk -t1 -c50 against one
# HTTP listener forwarding to an NGINX backend with keep-alive) through this tree's Ballast and through a baseline
# built from a git ref without the metrics (default: main), both running at once, rounds alternating.
#
# Usage: bench/metrics-cost.sh [--baseline REF] [--rounds N] [--duration SECONDS] [--warmup SECONDS]
# Environment: BALLAST_JAVA_OPTS (default: the production set, conf/jvm-server.options), BALLAST_EVENT_LOOPS (1).
#
# Prints req/s per round and the median ratio this tree / baseline; raw wrk outputs go to bench/results/<stamp>-metrics/.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
baseline_ref=main
rounds=5
duration=10
warmup=10
while [ $# -gt 0 ]; do
  case "$1" in
    --baseline) baseline_ref=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    --duration) duration=$2; shift 2 ;;
    --warmup) warmup=$2; shift 2 ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    *) echo "unknown option: $1 (see --help)" >&2; exit 2 ;;
  esac
done
for tool in wrk nginx java git curl python3; do
  command -v "$tool" >/dev/null 2>&1 || { echo "bench: missing tool: $tool (apt-get install -y wrk nginx)" >&2; exit 3; }
done
# Ports picked free now (other benchmarks may hold bench/run.sh's fixed ones on a shared machine).
read -r backend_port baseline_port candidate_port < <(python3 -c '
import socket
socks = [socket.socket() for _ in range(3)]
for s in socks: s.bind(("127.0.0.1", 0))
print(*[s.getsockname()[1] for s in socks])')

stamp=$(date -u +%Y%m%dT%H%M%SZ)
out="$here/results/$stamp-metrics"
work=$(mktemp -d /tmp/ballast-metrics-bench.XXXXXX)
mkdir -p "$out"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

echo "bench: building this tree and $baseline_ref" >&2
(cd "$root" && ./mvnw -q -o -DskipTests package -pl ballast-server -am) >&2
cp "$root/ballast-server/target/ballast.jar" "$work/candidate.jar"
# The baseline is built once per commit and kept (building it takes minutes on a busy machine).
baseline_sha=$(git -C "$root" rev-parse --short "$baseline_ref")
baseline_src="${TMPDIR:-/tmp}/ballast-metrics-baseline-$baseline_sha"
if [ ! -f "$baseline_src/ballast-server/target/ballast.jar" ]; then
  rm -rf "$baseline_src" && mkdir -p "$baseline_src"
  git -C "$root" archive "$baseline_ref" | tar -x -C "$baseline_src"
  (cd "$baseline_src" && ./mvnw -q -o -DskipTests package -pl ballast-server -am) >&2
fi
cp "$baseline_src/ballast-server/target/ballast.jar" "$work/baseline.jar"
"$here/lib/machine.sh" >"$out/machine.md"

# The backend of bench/run.sh: NGINX, one worker, a 33-byte body, keep-alive.
# shellcheck source=lib/nginx-backend.sh
. "$here/lib/nginx-backend.sh"
write_nginx_backend "$work/backend" "$backend_port"
nginx -p "$work/backend/" -c "$work/backend/nginx.conf" -g 'daemon off;' &
pids+=($!)
# One application load balancer each, one listener forwarding to the backend (bench/run.sh's "one" group).
for side in baseline candidate; do
  port=$baseline_port; [ "$side" = candidate ] && port=$candidate_port
  cat >"$work/$side.yaml" <<CONF
loadBalancers:
  - name: bench-alb
    type: application
    scheme: internal
    listeners:
      - protocol: HTTP
        port: $port
        defaultAction:
          forward: one
targetGroups:
  - name: one
    protocol: HTTP
    port: $backend_port
    targets:
      - 127.0.0.1:$backend_port
CONF
  # shellcheck disable=SC2086
  java ${BALLAST_JAVA_OPTS-@$root/conf/jvm-server.options} -jar "$work/$side.jar" server --config "$work/$side.yaml" \
    --event-loops "${BALLAST_EVENT_LOOPS:-1}" >"$work/$side.log" 2>&1 &
  pids+=($!)
done
for port in $backend_port $baseline_port $candidate_port; do
  for _ in $(seq 1 300); do curl -fsS -o /dev/null "http://127.0.0.1:$port/" 2>/dev/null && break; sleep 0.2; done
  curl -fsS -o /dev/null "http://127.0.0.1:$port/" || { echo "bench: 127.0.0.1:$port does not answer" >&2; exit 5; }
done
# Make sure each answers through its own listener from our backend, not something else on the port.
for port in $baseline_port $candidate_port; do
  curl -fsS "http://127.0.0.1:$port/" | grep -q "hello from the benchmark backend" \
    || { echo "bench: 127.0.0.1:$port is not our Ballast" >&2; exit 5; }
done

run() { # side round seconds
  local port=$baseline_port; [ "$1" = candidate ] && port=$candidate_port
  wrk -t1 -c50 -d"$3s" --latency "http://127.0.0.1:$port/" >"$out/keepalive50.$1.$2.txt" 2>&1 || true
  awk '/Requests\/sec/ {print int($2)}' "$out/keepalive50.$1.$2.txt"
}
echo "bench: warm-up ${warmup}s each" >&2
run baseline 0 "$warmup" >/dev/null
run candidate 0 "$warmup" >/dev/null

echo "| round | baseline ($baseline_ref) req/s | this tree (metrics) req/s | ratio |"
echo "|---|---|---|---|"
ratios=()
for r in $(seq 1 "$rounds"); do
  # alternate which goes first, so neither always follows the other's tail
  if [ $((r % 2)) -eq 1 ]; then b=$(run baseline "$r" "$duration"); c=$(run candidate "$r" "$duration")
  else c=$(run candidate "$r" "$duration"); b=$(run baseline "$r" "$duration"); fi
  ratio=$(awk -v c="$c" -v b="$b" 'BEGIN {printf "%.3f", c / b}')
  ratios+=("$ratio")
  echo "| $r | $b | $c | $ratio |"
done
median=$(printf '%s\n' "${ratios[@]}" | sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}')
echo
echo "median ratio (this tree / $baseline_ref $baseline_sha): $median over $rounds rounds of ${duration}s, wrk -t1 -c50, event loops ${BALLAST_EVENT_LOOPS:-1}; load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "bench: raw outputs in $out" >&2
