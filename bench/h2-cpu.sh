#!/usr/bin/env bash
# CPU time per HTTP/2 request of one or more Ballast builds, measured in one run in alternating rounds: each build
# serves an HTTPS listener exactly as bench/h2.sh sets it up (pinned to CPU 0, one event loop, production JVM
# options, NGINX backend on the other CPUs) and gets the same h2load load (-c 10 -m 10). CPU per request (the event
# loop thread's user + system time over a round divided by the requests completed) is the figure that stays
# meaningful on a machine other work shares; the whole JVM's (JIT compiler and GC threads included), req/s and the
# mean request time are printed too. On a loaded machine the JIT compiles for minutes: the JVM figure then
# measures mostly the compiler (seen with perf: C2's register allocator on top).
#
# Usage: bench/h2-cpu.sh [--rounds N] [--seconds S] [--warmup S] [--jfr DIR] NAME=JAR [NAME=JAR...]
#   (defaults: 4 rounds of 10 s after a 20 s warm-up of each build)
#   --jfr DIR: after the rounds, records each build with JDK Flight Recorder (settings=profile) during one more
#   run of S seconds and writes DIR/NAME.jfr and DIR/NAME-top.txt (hottest methods by self and total time and
#   allocation by class and site, from bench/lib/jfr-top.py).
# Needs: /usr/bin/aws (CLI v2), h2load (nghttp2-client), nginx, openssl, curl, python3, java (jcmd, jfr for --jfr).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
rounds=4
seconds=10
warmup=20
jfr_dir=""
builds=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --rounds) rounds=$2; shift 2 ;;
    --seconds) seconds=$2; shift 2 ;;
    --warmup) warmup=$2; shift 2 ;;
    --jfr) jfr_dir=$2; shift 2 ;;
    *=*) builds+=("$1"); shift ;;
    *) echo "bench: unknown argument: $1 (expected: --rounds N, --seconds S, --warmup S, --jfr DIR or NAME=JAR)" >&2
       exit 2 ;;
  esac
done
[[ ${#builds[@]} -gt 0 ]] || { echo "bench: no build given (expected: NAME=JAR ...)" >&2; exit 2; }

source e2e/lib.sh
for tool in h2load nginx openssl jcmd jfr; do
  command -v "$tool" >/dev/null || { echo "bench: $tool missing" >&2; exit 1; }
done
source bench/lib/h2-load.sh
h2_certificate
h2_backend "$others"
names=()
for build in "${builds[@]}"; do
  name=${build%%=*}
  jar=${build#*=}
  [[ -f "$jar" ]] || { echo "bench: $jar: no such jar" >&2; exit 2; }
  names+=("$name")
  h2_ballast "$name" "$jar"
done
for name in "${names[@]}"; do
  h2_run "${ballast_port[$name]}" "$warmup" "$others" >/dev/null # warm-up (JIT, connection pools)
done

echo "machine: $cpus CPUs, $(uname -r); $(java -version 2>&1 | head -1); $(h2load --version | head -1);" \
  "load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "h2load -D $seconds -c 10 -m 10; Ballast pinned to CPU 0, one event loop; warm-up ${warmup} s each"
printf '%-6s %-14s %10s %10s %12s %12s\n' round build req/s mean-ms "loop us/req" "JVM us/req"
results="$work/results"
for round in $(seq 1 "$rounds"); do
  # rotate the order so that no build always runs first (or right after another one's run)
  order=("${names[@]:$(( (round - 1) % ${#names[@]} ))}" "${names[@]:0:$(( (round - 1) % ${#names[@]} ))}")
  for name in "${order[@]}"; do
    jvm_before=$(cpu_ticks "${ballast_pid[$name]}")
    result=$(h2_measure "${ballast_port[$name]}" "$seconds" "$others" "${ballast_pid[$name]}" ballast-proxy)
    jvm_after=$(cpu_ticks "${ballast_pid[$name]}")
    read -r rps mean cpu requests <<<"$result $(python3 -c "print(round(float('${result%% *}') * $seconds))")"
    jvm=$(python3 -c "print('%.1f' % (($jvm_after - $jvm_before) / $(getconf CLK_TCK) * 1e6 / max($requests, 1)))")
    printf '%-6s %-14s %10s %10s %12s %12s\n' "$round" "$name" "$rps" "$mean" "$cpu" "$jvm"
    echo "$name $rps $mean $cpu $jvm" >>"$results"
  done
done
echo "load average after the rounds: $(cut -d' ' -f1-3 /proc/loadavg)"

python3 - "$results" "${names[@]}" <<'PY'
import statistics, sys
rows = [line.split() for line in open(sys.argv[1])]
names = sys.argv[2:]
first = None
for name in names:
    cpu = [float(r[3]) for r in rows if r[0] == name]
    jvm = [float(r[4]) for r in rows if r[0] == name]
    rps = [float(r[1]) for r in rows if r[0] == name]
    med = statistics.median(cpu)
    first = first or med
    print("%-14s event loop CPU us/req median %.1f (min %.1f, max %.1f), %.2f x %s; whole JVM median %.1f;"
          " req/s median %.0f" % (name, med, min(cpu), max(cpu), med / first, names[0], statistics.median(jvm),
                                  statistics.median(rps)))
PY

if [[ -n "$jfr_dir" ]]; then
  mkdir -p "$jfr_dir"
  for name in "${names[@]}"; do
    jcmd "${ballast_pid[$name]}" JFR.start name=h2 settings=profile filename="$jfr_dir/$name.jfr" >/dev/null
    result=$(h2_measure "${ballast_port[$name]}" "$seconds" "$others" "${ballast_pid[$name]}")
    read -r rps mean cpu <<<"$result"
    jcmd "${ballast_pid[$name]}" JFR.stop name=h2 >/dev/null
    echo "$name under JFR: $rps req/s, $mean ms mean, $cpu CPU us/req (recording overhead included)" \
      | tee "$jfr_dir/$name-top.txt"
    python3 bench/lib/jfr-top.py "$jfr_dir/$name.jfr" 40 >>"$jfr_dir/$name-top.txt"
    echo "profile of $name: $jfr_dir/$name-top.txt"
  done
fi
