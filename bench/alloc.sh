#!/usr/bin/env bash
# Bytes allocated per keep-alive request on the data plane's event loop, measured with JDK Flight Recorder: starts
# the benchmark backend and Ballast (one event loop, production JVM options), warms up, then records the event loop's
# allocation counter (jdk.ThreadAllocationStatistics) from just before to just after a wrk run and divides its growth
# by the requests wrk completed (the idle event loop allocates next to nothing, so the figure errs high if at all);
# allocation samples by class and site go to sites.txt beside it.
#
# Usage: bench/alloc.sh [--connections N] [--duration SECONDS] [--jar PATH]
#   --jar runs that ballast.jar instead of ./ballast (to measure a saved build against the current one).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
conns=50
duration=15
jar=""
while [ $# -gt 0 ]; do
  case "$1" in
    --connections) conns=$2; shift 2 ;;
    --duration) duration=$2; shift 2 ;;
    --jar) jar=$2; shift 2 ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) echo "unknown option: $1 (see --help)" >&2; exit 2 ;;
  esac
done
for tool in wrk nginx java jcmd jfr python3 curl; do
  command -v "$tool" >/dev/null 2>&1 || { echo "alloc: missing tool: $tool" >&2; exit 3; }
done
out="$here/results/alloc-$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$out"
source "$here/lib/processes.sh"
"$here/lib/write-configs.sh" "$work" 19000
nginx -p "$work/backend/" -c "$work/backend/nginx.conf" -g 'daemon off;' &
pids+=($!)
if [ -n "$jar" ]; then
  java "@$root/conf/jvm-server.options" -jar "$jar" server --config "$work/ballast.yaml" --event-loops 1 >"$out/ballast.log" 2>&1 &
else
  "$root/ballast" server --config "$work/ballast.yaml" --event-loops 1 >"$out/ballast.log" 2>&1 &
fi
pids+=($!)
jvm=$!
for _ in $(seq 1 300); do curl -fsS -o /dev/null http://127.0.0.1:19003/ 2>/dev/null && break; sleep 0.2; done
wrk -t1 -c"$conns" -d10s "http://127.0.0.1:19003/" >/dev/null
cat >"$out/alloc.jfc" <<'JFC'
<?xml version="1.0" encoding="UTF-8"?>
<configuration version="2.0">
  <event name="jdk.ThreadAllocationStatistics"><setting name="enabled">true</setting><setting name="period">1 s</setting></event>
  <event name="jdk.GarbageCollection"><setting name="enabled">true</setting><setting name="threshold">0 ms</setting></event>
  <event name="jdk.ObjectAllocationSample"><setting name="enabled">true</setting><setting name="throttle">300/s</setting><setting name="stackTrace">true</setting></event>
</configuration>
JFC
jcmd "$jvm" JFR.start name=alloc settings="$out/alloc.jfc" filename="$out/alloc.jfr" >/dev/null
wrk -t1 -c"$conns" -d"${duration}s" --latency "http://127.0.0.1:19003/" | tee "$out/wrk.txt"
jcmd "$jvm" JFR.stop name=alloc >/dev/null
python3 "$here/lib/jfr-alloc.py" "$out/alloc.jfr" "$out/wrk.txt" | tee "$out/alloc.txt"
# where the bytes go: allocation samples by class and by first Ballast frame
python3 "$here/lib/jfr-top.py" "$out/alloc.jfr" 15 | sed -n '/^allocation samples/,$p' >"$out/sites.txt"
echo "alloc: allocation sites in $out/sites.txt" >&2
