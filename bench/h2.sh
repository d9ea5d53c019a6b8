#!/usr/bin/env bash
# HTTP/2 benchmark: h2load with 100 concurrent streams over 10 connections (-c 10 -m 10) through Ballast's HTTPS
# listener (ALPN h2, created with the AWS CLI and an ACM-imported certificate) and through HAProxy with the same
# certificate, alternating in one run; the backend is one NGINX (HTTP/1.1 keep-alive) behind both.
#
# Usage: bench/h2.sh [ROUNDS] [SECONDS] [WARMUP_SECONDS]   (defaults 3, 10 and 20)
# The warm-up is long because Ballast's JVM, pinned to one CPU, compiles its hot paths (JIT) on that same CPU:
# after a 2 s warm-up it still ran at about a tenth of its warmed-up rate (docs/benchmarks.md).
# Prints req/s, mean request time and CPU time per request (the proxy process's user + system time over the round
# divided by the requests h2load completed) per round, and the median Ballast/HAProxy ratios. Both proxies are
# pinned to CPU 0 with one event loop / thread; h2load and the backend run on the other CPUs. Ballast runs with the
# production JVM options (conf/jvm-server.options; BALLAST_JAVA_OPTS replaces them) from the jar BALLAST_JAR, or
# from ballast-server/target/ballast.jar built first (./ballast) when BALLAST_JAR is not set.
# Needs: /usr/bin/aws (CLI v2), h2load (nghttp2-client), haproxy, nginx, openssl, curl, python3, java.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
rounds="${1:-3}"
seconds="${2:-10}"
warmup="${3:-20}"

source e2e/lib.sh
for tool in h2load haproxy nginx openssl; do
  command -v "$tool" >/dev/null || { echo "bench: $tool missing (apt-get install -y nghttp2-client haproxy nginx openssl)" >&2; exit 1; }
done
source bench/lib/h2-load.sh
haproxy_port=$(free_port 127.0.0.1)
h2_certificate
h2_backend "$others"

cat >"$work/haproxy.cfg" <<CONF
global
  nbthread 1
  maxconn 4096
  ssl-default-bind-options ssl-min-ver TLSv1.2
defaults
  mode http
  timeout connect 5s
  timeout client 60s
  timeout server 60s
  http-reuse always
frontend h2
  bind 127.0.0.1:$haproxy_port ssl crt $work/haproxy.pem alpn h2,http/1.1
  default_backend nginx
backend nginx
  server b1 127.0.0.1:$backend_port
CONF
taskset -c 0 haproxy -f "$work/haproxy.cfg" -db >"$work/haproxy.log" 2>&1 &
pids+=($!)
haproxy_pid=$!
wait_port 127.0.0.1 "$haproxy_port"

if [[ -z "${BALLAST_JAR:-}" ]]; then
  ./ballast --version >/dev/null # builds the jar once, before the timed parts
fi
h2_ballast ballast "${BALLAST_JAR:-$root/ballast-server/target/ballast.jar}"

h2_run "${ballast_port[ballast]}" "$warmup" "$others" >/dev/null # warm-up (JIT, connection pools)
h2_run "$haproxy_port" 2 "$others" >/dev/null

echo "machine: $cpus CPUs, $(uname -r); $(java -version 2>&1 | head -1); $(haproxy -v | head -1); $(h2load --version | head -1)"
grep -m1 -i "tls listeners run on" "$work/server-ballast.log" || true
echo "h2load -D $seconds -c 10 -m 10 (100 streams over 10 connections); proxies pinned to CPU 0; Ballast warm-up ${warmup} s"
printf '%-6s %-36s %-36s\n' round "ballast req/s | mean ms | CPU us/req" "haproxy req/s | mean ms | CPU us/req"
results="$work/results"
for round in $(seq 1 "$rounds"); do
  if (( round % 2 )); then order="ballast haproxy"; else order="haproxy ballast"; fi
  declare -A r=()
  for who in $order; do
    if [[ "$who" == ballast ]]; then
      r[$who]="$(h2_measure "${ballast_port[ballast]}" "$seconds" "$others" "${ballast_pid[ballast]}")"
    else
      r[$who]="$(h2_measure "$haproxy_port" "$seconds" "$others" "$haproxy_pid")"
    fi
  done
  printf '%-6s %-36s %-36s\n' "$round" "${r[ballast]}" "${r[haproxy]}"
  echo "${r[ballast]} ${r[haproxy]}" >>"$results"
done

python3 - "$results" <<'PY'
import statistics, sys
rows = [list(map(float, line.split())) for line in open(sys.argv[1])]
rps = [r[0] / r[3] for r in rows]
lat = [r[1] / r[4] for r in rows]
cpu = [r[2] / r[5] for r in rows]
print("ratio ballast/haproxy req/s: median %.2f (min %.2f, max %.2f)" % (statistics.median(rps), min(rps), max(rps)))
print("ratio ballast/haproxy mean request time: median %.2f (min %.2f, max %.2f)"
      % (statistics.median(lat), min(lat), max(lat)))
print("ratio ballast/haproxy CPU per request: median %.2f (min %.2f, max %.2f)" % (statistics.median(cpu), min(cpu), max(cpu)))
PY
