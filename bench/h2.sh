#!/usr/bin/env bash
# HTTP/2 benchmark: h2load with 100 concurrent streams over 10 connections (-c 10 -m 10) through Ballast's HTTPS
# listener (ALPN h2, created with the AWS CLI and an ACM-imported certificate) and through HAProxy with the same
# certificate, alternating in one run; the backend is one NGINX (HTTP/1.1 keep-alive) behind both.
#
# Usage: bench/h2.sh [ROUNDS] [SECONDS] [WARMUP_SECONDS]   (defaults 3, 10 and 20)
# The warm-up is long because Ballast's JVM, pinned to one CPU, compiles its hot paths (JIT) on that same CPU:
# after a 2 s warm-up it still ran at about a tenth of its warmed-up rate (docs/benchmarks.md).
# Prints req/s and mean request time per round and the median Ballast/HAProxy ratios. Both proxies are pinned to
# CPU 0 with one event loop / thread; h2load and the backend run on the other CPUs.
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
cpus="$(nproc)"
others="1-$((cpus - 1))"
if [[ "$cpus" -lt 2 ]]; then others=0; fi

backend_port=$(free_port 127.0.0.1)
haproxy_port=$(free_port 127.0.0.1)
ballast_port=$(free_port 127.0.0.1)

# One certificate for both proxies: EC P-256, as an ACM import would carry it.
openssl req -x509 -nodes -days 2 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -subj /CN=bench.example \
  -addext subjectAltName=DNS:bench.example -keyout "$work/key.pem" -out "$work/cert.pem" 2>/dev/null
cat "$work/cert.pem" "$work/key.pem" >"$work/haproxy.pem"

mkdir -p "$work/nginx"
cat >"$work/nginx/nginx.conf" <<CONF
worker_processes 1;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  keepalive_requests 1000000;
  server { listen 127.0.0.1:$backend_port; location / { return 200 "hello from the backend\n"; } }
}
CONF
taskset -c "$others" nginx -p "$work/nginx" -c "$work/nginx/nginx.conf" -g 'daemon off;' &
pids+=($!)

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

./ballast --version >/dev/null # builds the jar once, before the timed parts
jar="$root/ballast-server/target/ballast.jar"
taskset -c 0 java ${BALLAST_JAVA_OPTS:--Xmx512m} -jar "$jar" server --data-dir "$work/data" --api-port "$API_PORT" \
  --public-address 127.0.0.1 --dns-port 0 --event-loops 1 >"$work/server.log" 2>&1 &
pids+=($!)
wait_port 127.0.0.1 "$API_PORT"
wait_port 127.0.0.1 "$backend_port"
wait_port 127.0.0.1 "$haproxy_port"

cert=$("$AWS" acm --endpoint-url "$ENDPOINT" --output text import-certificate \
  --certificate "fileb://$work/cert.pem" --private-key "fileb://$work/key.pem" --query CertificateArn)
lb=$(elbv2 create-load-balancer --name h2-bench --subnets subnet-0ba11a5700000000a subnet-0ba11a5700000000b \
  --query 'LoadBalancers[0].LoadBalancerArn')
tg=$(elbv2 create-target-group --name h2-bench-backend --protocol HTTP --port "$backend_port" --target-type ip \
  --query 'TargetGroups[0].TargetGroupArn')
elbv2 register-targets --target-group-arn "$tg" --targets "Id=127.0.0.1,Port=$backend_port"
elbv2 create-listener --load-balancer-arn "$lb" --protocol HTTPS --port "$ballast_port" \
  --certificates "CertificateArn=$cert" --default-actions "Type=forward,TargetGroupArn=$tg" >/dev/null
await_healthy "$tg" 1
wait_port 127.0.0.1 "$ballast_port"

run_h2load() { # port duration -> "req/s mean-ms"
  taskset -c "$others" h2load -D "$2" -c 10 -m 10 "https://127.0.0.1:$1/" 2>&1 | python3 -c '
import re, sys
text = sys.stdin.read()
ok = re.search(r"requests: (\d+) total, \d+ started, \d+ done, (\d+) succeeded, (\d+) failed", text)
rps = re.search(r"finished in [\d.]+s, ([\d.]+) req/s", text)
mean = re.search(r"time for request:\s+\S+\s+\S+\s+(\S+)", text)
proto = re.search(r"Application protocol: (\S+)", text)
if not (ok and rps and mean and proto) or proto.group(1) != "h2" or ok.group(3) != "0":
    sys.exit("h2load failed:\n" + text)
m = mean.group(1)
ms = float(m[:-2]) if m.endswith("ms") else float(m[:-2]) / 1000 if m.endswith("us") else float(m[:-1]) * 1000
print(rps.group(1), "%.2f" % ms)
'
}

run_h2load "$ballast_port" "$warmup" >/dev/null # warm-up (JIT, connection pools)
run_h2load "$haproxy_port" 2 >/dev/null

echo "machine: $cpus CPUs, $(uname -r); $(java -version 2>&1 | head -1); $(haproxy -v | head -1); $(h2load --version | head -1)"
grep -m1 -i "tls provider\|openssl\|boringssl" "$work/server.log" || true
echo "h2load -D $seconds -c 10 -m 10 (100 streams over 10 connections); proxies pinned to CPU 0; Ballast warm-up ${warmup} s"
printf '%-6s %-26s %-26s\n' round "ballast req/s | mean ms" "haproxy req/s | mean ms"
results="$work/results"
for round in $(seq 1 "$rounds"); do
  if (( round % 2 )); then order="ballast haproxy"; else order="haproxy ballast"; fi
  declare -A r=()
  for who in $order; do
    if [[ "$who" == ballast ]]; then port=$ballast_port; else port=$haproxy_port; fi
    r[$who]="$(run_h2load "$port" "$seconds")"
  done
  printf '%-6s %-26s %-26s\n' "$round" "${r[ballast]}" "${r[haproxy]}"
  echo "${r[ballast]} ${r[haproxy]}" >>"$results"
done

python3 - "$results" <<'PY'
import statistics, sys
rows = [list(map(float, line.split())) for line in open(sys.argv[1])]
rps = [r[0] / r[2] for r in rows]
lat = [r[1] / r[3] for r in rows]
print("ratio ballast/haproxy req/s: median %.2f (min %.2f, max %.2f)" % (statistics.median(rps), min(rps), max(rps)))
print("ratio ballast/haproxy mean request time: median %.2f (min %.2f, max %.2f)"
      % (statistics.median(lat), min(lat), max(lat)))
PY
