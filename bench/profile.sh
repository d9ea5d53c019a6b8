#!/usr/bin/env bash
# Profiles Ballast with JDK Flight Recorder under wrk load: starts the benchmark backend and Ballast (one event
# loop, production JVM options), warms up, records while wrk runs, and prints the hottest methods.
#
# Usage: bench/profile.sh [--connections N] [--duration SECONDS] [--path /] [--close]
#   --close sends "Connection: close" (a new connection per request).
# Output: bench/results/profile-<timestamp>/ballast.jfr and top.txt.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
conns=50
duration=20
path=/
extra=()
while [ $# -gt 0 ]; do
  case "$1" in
    --connections) conns=$2; shift 2 ;;
    --duration) duration=$2; shift 2 ;;
    --path) path=$2; shift 2 ;;
    --close) extra=(-H "Connection: close"); shift ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
done
for tool in wrk nginx java jcmd jfr python3 curl; do
  command -v "$tool" >/dev/null 2>&1 || { echo "profile: missing tool: $tool" >&2; exit 3; }
done
out="$here/results/profile-$(date -u +%Y%m%dT%H%M%SZ)"
work=$(mktemp -d /tmp/ballast-profile.XXXXXX)
mkdir -p "$out"
source "$here/lib/processes.sh"
(cd "$root" && ./mvnw -q -DskipTests package) >&2
"$here/lib/write-configs.sh" "$work" 19000
nginx -p "$work/backend/" -c "$work/backend/nginx.conf" -g 'daemon off;' &
pids+=($!)
# The production options of ./ballast (the launcher execs java, so $! is the JVM's pid).
"$root/ballast" server --config "$work/ballast.yaml" --event-loops 1 >"$out/ballast.log" 2>&1 &
pids+=($!)
jvm=$!
for _ in $(seq 1 300); do curl -fsS -o /dev/null http://127.0.0.1:19003/ 2>/dev/null && break; sleep 0.2; done
wrk -t1 -c"$conns" -d10s "${extra[@]}" "http://127.0.0.1:19003$path" >/dev/null
jcmd "$jvm" JFR.start name=bench settings=profile duration="${duration}s" filename="$out/ballast.jfr" >/dev/null
wrk -t1 -c"$conns" -d"$((duration + 2))s" --latency "${extra[@]}" "http://127.0.0.1:19003$path" | tee "$out/wrk.txt"
for _ in $(seq 1 50); do [ -s "$out/ballast.jfr" ] && break; sleep 0.2; done
sleep 1
python3 "$here/lib/jfr-top.py" "$out/ballast.jfr" 30 | tee "$out/top.txt"
