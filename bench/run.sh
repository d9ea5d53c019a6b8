#!/usr/bin/env bash
# Benchmarks Ballast against HAProxy and NGINX in one run: same backend, same load, alternating rounds.
#
# Usage: bench/run.sh [--rounds N] [--duration SECONDS] [--warmup SECONDS] [--workloads "..."] [--systems "..."]
#   workloads: keepalive50 keepalive500 newconn body1m targets20 (default: all)
#   systems:   direct haproxy nginx ballast (default: all; "direct" is the backend without a proxy)
# Environment: BENCH_PORT_BASE (default 19000: ports 19000-19013 and 19100-19119 on 127.0.0.1),
#              BALLAST_JAVA_OPTS (JVM options, default: the production set of ./ballast),
#              BENCH_THREADS (default 1): HAProxy's nbthread, NGINX's worker_processes (proxy and backend) and
#              Ballast's event loops; BALLAST_EVENT_LOOPS overrides the last,
#              BALLAST_JAR (run that ballast.jar, e.g. a saved build for a before/after pair, instead of building).
#
# Prints a Markdown table of req/s, p50 and p99 (min/median/max over the rounds) with Ballast/HAProxy ratios,
# and keeps the raw wrk outputs, the machine description and the summary under bench/results/<timestamp>/.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
rounds=3
duration=10
warmup=5
workloads="keepalive50 keepalive500 newconn body1m targets20"
systems="direct haproxy nginx ballast"
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) rounds=$2; shift 2 ;;
    --duration) duration=$2; shift 2 ;;
    --warmup) warmup=$2; shift 2 ;;
    --workloads) workloads=$2; shift 2 ;;
    --systems) systems=$2; shift 2 ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) echo "unknown option: $1 (see --help)" >&2; exit 2 ;;
  esac
done

# Tools: the required ones stop the run; h2load (HTTP/2) is only reported, no workload uses it yet.
missing=()
for tool in wrk haproxy nginx java python3 curl; do
  command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "bench: missing tools: ${missing[*]}" >&2
  echo "bench: install them with: apt-get install -y wrk haproxy nginx openjdk-17-jdk-headless python3 curl" >&2
  exit 3
fi
command -v h2load >/dev/null 2>&1 || echo "bench: note: h2load not found (apt-get install -y nghttp2-client); not needed by these workloads" >&2

# The ports (all on 127.0.0.1) must be free, or we would measure whatever holds them.
P=${BENCH_PORT_BASE:-19000} # every port is P + an offset, so two runs on one machine can use different ones
export BENCH_PORT_BASE=$P
ports="$P $((P + 1)) $((P + 2)) $((P + 3)) $((P + 11)) $((P + 12)) $((P + 13)) $(seq -s ' ' $((P + 100)) $((P + 119)))"
for port in $ports; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "bench: port 127.0.0.1:$port is already in use; stop what holds it" >&2
    exit 4
  fi
done

stamp=$(date -u +%Y%m%dT%H%M%SZ)
out="$here/results/$stamp"
work=$(mktemp -d /tmp/ballast-bench.XXXXXX)
mkdir -p "$out"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  [ -f "$work/ballast.log" ] && cp "$work/ballast.log" "$out/ballast.log"
  rm -rf "$work"
}
trap cleanup EXIT
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

# Build Ballast before anything is timed (the launcher builds only when sources changed).
if [ -z "${BALLAST_JAR:-}" ]; then
  echo "bench: building Ballast (when its sources changed)" >&2
  "$root/ballast" --version >/dev/null
fi

"$here/lib/machine.sh" >"$out/machine.md"

backend_port=$P
"$here/lib/write-configs.sh" "$work" "$backend_port"

declare -A pid_of
nginx -p "$work/backend/" -c "$work/backend/nginx.conf" -g 'daemon off;' &
pids+=($!); pid_of[direct]=$!
haproxy -f "$work/haproxy.cfg" -db >"$work/haproxy.log" 2>&1 &
pids+=($!); pid_of[haproxy]=$!
nginx -p "$work/proxy/" -c "$work/proxy/nginx.conf" -g 'daemon off;' &
pids+=($!); pid_of[nginx]=$!
# The launcher execs java, so $! is the JVM.
loops="${BALLAST_EVENT_LOOPS:-${BENCH_THREADS:-1}}"
if [ -n "${BALLAST_JAR:-}" ]; then
  # shellcheck disable=SC2086
  java ${BALLAST_JAVA_OPTS-@$root/conf/jvm-server.options} -jar "$BALLAST_JAR" server --config "$work/ballast.yaml" \
    --event-loops "$loops" >"$work/ballast.log" 2>&1 &
else
  "$root/ballast" server --config "$work/ballast.yaml" --event-loops "$loops" >"$work/ballast.log" 2>&1 &
fi
pids+=($!); pid_of[ballast]=$!

# CPU time (clock ticks, user + system) of a process and its children (NGINX's worker), every thread counted.
cpu_ticks() {
  local total=0 p
  for p in $1 $(cat /proc/"$1"/task/*/children 2>/dev/null); do
    [ -r "/proc/$p/stat" ] || continue
    total=$((total + $(sed 's/.*) //' "/proc/$p/stat" | awk '{print $12 + $13}')))
  done
  echo "$total"
}

wait_for() {
  local url=$1
  for _ in $(seq 1 300); do
    curl -fsS -o /dev/null "$url" 2>/dev/null && return 0
    sleep 0.2
  done
  echo "bench: not answering: $url; the end of each log:" >&2
  for log in "$work"/*.log "$work"/*/logs/error.log; do [ -f "$log" ] && { echo "== $log"; tail -5 "$log"; } >&2; done
  return 1
}
for port in $P $((P + 1)) $((P + 2)) $((P + 3)) $((P + 11)) $((P + 12)) $((P + 13)); do wait_for "http://127.0.0.1:$port/"; done

declare -A base
base[direct]=$P; base[haproxy]=$((P + 1)); base[nginx]=$((P + 2)); base[ballast]=$((P + 3))
# wrk arguments of one workload against one system; returns 1 when the pair is not measured.
wrk_args() { # workload system
  local w=$1 s=$2 port=${base[$2]} path=/ conns=50
  case "$w" in
    keepalive50) conns=50 ;;
    keepalive500) conns=500 ;;
    # wrk reopens its connection after each response when the request says "Connection: close".
    newconn) conns=50; args=(-H "Connection: close") ;;
    body1m) conns=10; path=/1m ;;
    targets20) conns=50; [ "$s" = direct ] && return 1; port=$((port + 10)) ;;
    *) echo "bench: unknown workload: $w" >&2; exit 2 ;;
  esac
  args+=(-t1 -c"$conns" --latency "http://127.0.0.1:$port$path")
}

if [ "$warmup" -gt 0 ]; then
  # Every system gets the same warm-up per workload (it matters for the JVM's JIT; the others do not mind).
  for s in $systems; do
    for w in $workloads; do
      args=(); wrk_args "$w" "$s" || continue
      echo "bench: warm-up $w $s (${warmup}s)" >&2
      wrk -d"${warmup}s" "${args[@]}" >/dev/null 2>&1 || true
    done
  done
fi

for w in $workloads; do
  for r in $(seq 1 "$rounds"); do
    for s in $systems; do
      args=(); wrk_args "$w" "$s" || continue
      echo "bench: round $r/$rounds  $w  $s" >&2
      before=$(cpu_ticks "${pid_of[$s]}")
      wrk -d"${duration}s" "${args[@]}" >"$out/$w.$s.$r.txt" 2>&1 || true
      # the system's own CPU time during the run ("direct": the backend's), for CPU per request
      echo "$(( $(cpu_ticks "${pid_of[$s]}") - before )) $(getconf CLK_TCK)" >"$out/$w.$s.$r.cpu"
    done
  done
done

{
  echo "Run $stamp: $rounds rounds of ${duration}s, warm-up ${warmup}s, Ballast event loops ${BALLAST_EVENT_LOOPS:-${BENCH_THREADS:-1}}, HAProxy threads / NGINX workers ${BENCH_THREADS:-1}"
  echo
  python3 "$here/lib/summarize.py" "$out" "$rounds" $workloads
} | tee "$out/summary.md"
echo "bench: raw outputs in $out" >&2
