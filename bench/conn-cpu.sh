#!/usr/bin/env bash
# CPU time per new connection of one or two Ballast builds, side by side in alternating rounds: the JVM's user +
# system time (all threads, /proc/<pid>/stat) divided by the connections served, on the ALB path (wrk -t1 -c50
# -H "Connection: close": a new connection per request) and on the NLB TCP relay (redis-benchmark -k 0: a new
# connection per PING). Unlike requests per second, CPU time per connection hardly depends on what else the
# machine runs, so two builds can be compared on a busy machine. Each Ballast runs with one event loop and the
# production JVM options (a configuration file is served without API, DNS or store); the backends are NGINX (one
# worker) and Redis.
#
# Usage: bench/conn-cpu.sh [--rounds N] [--seconds S] [--warmup S] [--profile] JAR [JAR2]
#   --warmup   seconds of each load per build before the rounds (default 30: the JIT compiles the paths)
#   --profile  after the rounds, records JFR (CPU samples, allocation) of each build under both loads and prints
#              the event loop's hottest methods, allocation by site and bytes allocated per connection.
# Output: bench/results/conn-cpu-<timestamp>/ (summary.txt, profiles).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
rounds=5
seconds=8
warmup=30
profile=false
jars=()
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) rounds=$2; shift 2 ;;
    --seconds) seconds=$2; shift 2 ;;
    --warmup) warmup=$2; shift 2 ;;
    --profile) profile=true; shift ;;
    -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
    -*) echo "unknown option: $1 (see --help)" >&2; exit 2 ;;
    *) jars+=("$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"); shift ;;
  esac
done
[ ${#jars[@]} -ge 1 ] || { echo "conn-cpu: name one or two ballast.jar files (see --help)" >&2; exit 2; }
for tool in wrk nginx redis-server redis-benchmark java jcmd jfr python3 curl; do
  command -v "$tool" >/dev/null 2>&1 || { echo "conn-cpu: missing tool: $tool" >&2; exit 3; }
done
out="$here/results/conn-cpu-$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$out"
source "$here/lib/processes.sh"
source "$here/lib/nginx-backend.sh"
source "$here/lib/cpu-ticks.sh"

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}
await_http() {
  for _ in $(seq 1 300); do curl -fsS -o /dev/null "$1" 2>/dev/null && return 0; sleep 0.2; done
  echo "conn-cpu: not answering: $1" >&2; return 1
}
await_port() {
  for _ in $(seq 1 300); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.2; done
  echo "conn-cpu: port $1 never opened" >&2; return 1
}
tick_us=$((1000000 / $(getconf CLK_TCK)))

backend=$(free_port)
redis=$(free_port)
write_nginx_backend "$work/backend" "$backend"
nginx -p "$work/backend/" -c "$work/backend/nginx.conf" -g 'daemon off;' &
pids+=($!)
redis-server --port "$redis" --bind 127.0.0.1 --save "" --appendonly no >/dev/null &
pids+=($!)
await_http "http://127.0.0.1:$backend/"
await_port "$redis"

declare -a jvm http tcp
for i in "${!jars[@]}"; do
  http[$i]=$(free_port); tcp[$i]=$(free_port)
  cat >"$work/ballast$i.yaml" <<YAML
loadBalancers:
  - name: cpu-alb
    type: application
    scheme: internal
    listeners:
      - {protocol: HTTP, port: ${http[$i]}, defaultAction: {forward: web}}
  - name: cpu-nlb
    type: network
    scheme: internal
    listeners:
      - {protocol: TCP, port: ${tcp[$i]}, defaultAction: {forward: redis}}
targetGroups:
  - {name: web, protocol: HTTP, port: $backend, targets: [127.0.0.1]}
  - {name: redis, protocol: TCP, port: $redis, targets: [127.0.0.1]}
YAML
  java "@$root/conf/jvm-server.options" -jar "${jars[$i]}" server --config "$work/ballast$i.yaml" --event-loops 1 \
    >"$out/ballast$i.log" 2>&1 &
  pids+=($!)
  jvm[$i]=$!
done
for i in "${!jars[@]}"; do await_http "http://127.0.0.1:${http[$i]}/"; await_port "${tcp[$i]}"; done

newconn() { wrk -t1 -c50 -d"$1s" -H "Connection: close" "http://127.0.0.1:$2/"; }
relay() { redis-benchmark -h 127.0.0.1 -p "$1" -k 0 -c 50 -n "$2" -t ping_inline -q 2>/dev/null | tr '\r' '\n' |
  awk '/PING_INLINE: [0-9.]+ requests per second/ {v=$2} END {print v}'; }
relay_requests=$((seconds * 3000))

echo "conn-cpu: warming up" >&2
for i in "${!jars[@]}"; do
  newconn "$warmup" "${http[$i]}" >/dev/null
  relay "${tcp[$i]}" $((warmup * 3000)) >/dev/null
done

{
  echo "machine: $(nproc) CPUs, $(uname -r), load average at start: $(cut -d' ' -f1-3 /proc/loadavg); $(java -version 2>&1 | head -1)"
  for i in "${!jars[@]}"; do echo "build $i: ${jars[$i]}"; done
  echo "rounds: $rounds; ALB: wrk -t1 -c50 -d${seconds}s -H 'Connection: close'; NLB: redis-benchmark -k 0 -c 50 -n $relay_requests"
  echo "CPU µs per connection: the whole JVM / its event loop thread"
  printf '%-6s %-6s %-10s %-16s %-10s %-16s\n' round build "ALB req/s" "ALB CPU µs" "NLB con/s" "NLB CPU µs"
} | tee "$out/summary.txt"
results="$out/rounds.txt"
for round in $(seq 1 "$rounds"); do
  order="${!jars[*]}"
  if (( round % 2 == 0 )); then order=$(echo "$order" | tr ' ' '\n' | tac | tr '\n' ' '); fi
  for i in $order; do
    before=$(cpu_ticks "${jvm[$i]}"); loop_before=$(cpu_ticks "${jvm[$i]}" ballast-proxy)
    requests=$(newconn "$seconds" "${http[$i]}" | awk '/requests in/ {print $1}')
    after=$(cpu_ticks "${jvm[$i]}"); loop_after=$(cpu_ticks "${jvm[$i]}" ballast-proxy)
    http_us=$(python3 -c "print('%.1f' % (($after - $before) * $tick_us / $requests))")
    http_loop_us=$(python3 -c "print('%.1f' % (($loop_after - $loop_before) * $tick_us / $requests))")
    http_rate=$(python3 -c "print('%.0f' % ($requests / $seconds))")
    before=$(cpu_ticks "${jvm[$i]}"); loop_before=$(cpu_ticks "${jvm[$i]}" ballast-l4)
    rate=$(relay "${tcp[$i]}" "$relay_requests")
    after=$(cpu_ticks "${jvm[$i]}"); loop_after=$(cpu_ticks "${jvm[$i]}" ballast-l4)
    tcp_us=$(python3 -c "print('%.1f' % (($after - $before) * $tick_us / $relay_requests))")
    tcp_loop_us=$(python3 -c "print('%.1f' % (($loop_after - $loop_before) * $tick_us / $relay_requests))")
    printf '%-6s %-6s %-10s %-16s %-10s %-16s\n' "$round" "$i" "$http_rate" "$http_us / $http_loop_us" "${rate%.*}" \
      "$tcp_us / $tcp_loop_us" | tee -a "$out/summary.txt"
    echo "$i $http_us $tcp_us $http_loop_us $tcp_loop_us" >>"$results"
  done
done
python3 - "$results" <<'PY' | tee -a "$out/summary.txt"
import collections, statistics, sys
rows = collections.defaultdict(list)
for line in open(sys.argv[1]):
    rows[line.split()[0]].append([float(v) for v in line.split()[1:]])
names = ["ALB JVM", "NLB JVM", "ALB event loop", "NLB event loop"]
for build, values in sorted(rows.items()):
    parts = []
    for k, name in enumerate(names):
        v = sorted(r[k] for r in values)
        parts.append(f"{name} {v[0]}/{statistics.median(v):.1f}/{v[-1]}")
    print(f"build {build}: CPU µs/connection min/median/max: " + "; ".join(parts))
PY
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out/summary.txt"

if $profile; then
  cat >"$out/profile.jfc" <<'JFC'
<?xml version="1.0" encoding="UTF-8"?>
<configuration version="2.0">
  <event name="jdk.ExecutionSample"><setting name="enabled">true</setting><setting name="period">10 ms</setting></event>
  <event name="jdk.NativeMethodSample"><setting name="enabled">true</setting><setting name="period">10 ms</setting></event>
  <event name="jdk.ThreadAllocationStatistics"><setting name="enabled">true</setting><setting name="period">1 s</setting></event>
  <event name="jdk.GarbageCollection"><setting name="enabled">true</setting><setting name="threshold">0 ms</setting></event>
  <event name="jdk.ObjectAllocationSample"><setting name="enabled">true</setting><setting name="throttle">300/s</setting><setting name="stackTrace">true</setting></event>
</configuration>
JFC
  for i in "${!jars[@]}"; do
    jcmd "${jvm[$i]}" JFR.start name=http settings="$out/profile.jfc" filename="$out/http$i.jfr" >/dev/null
    newconn 20 "${http[$i]}" >"$out/http$i-wrk.txt"
    jcmd "${jvm[$i]}" JFR.stop name=http >/dev/null
    { echo "== build $i, ALB newconn"; python3 "$here/lib/jfr-alloc.py" "$out/http$i.jfr" "$out/http$i-wrk.txt" ballast-proxy
      python3 "$here/lib/jfr-top.py" "$out/http$i.jfr" 40 ballast-proxy; } >"$out/profile-http$i.txt"
    jcmd "${jvm[$i]}" JFR.start name=tcp settings="$out/profile.jfc" filename="$out/tcp$i.jfr" >/dev/null
    n=$((20 * 3000))
    relay "${tcp[$i]}" "$n" >/dev/null
    jcmd "${jvm[$i]}" JFR.stop name=tcp >/dev/null
    echo "$n requests in (redis-benchmark -k 0)" >"$out/tcp$i-count.txt"
    { echo "== build $i, NLB redis-benchmark -k 0"; python3 "$here/lib/jfr-alloc.py" "$out/tcp$i.jfr" "$out/tcp$i-count.txt" ballast-l4
      python3 "$here/lib/jfr-top.py" "$out/tcp$i.jfr" 40 ballast-l4; } >"$out/profile-tcp$i.txt"
  done
  echo "conn-cpu: profiles in $out/profile-*.txt" >&2
fi
