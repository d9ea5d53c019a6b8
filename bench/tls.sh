#!/usr/bin/env bash
# Benchmarks TLS termination: Ballast's HTTPS listener against HAProxy with the same certificate and the same
# security policy (ELBSecurityPolicy-TLS13-1-2-2021-06: TLS 1.3 and 1.2, its ciphers), same backend, alternating
# rounds in one run.
#
# Usage: bench/tls.sh [--rounds N] [--duration SECONDS] [--warmup SECONDS] [--workloads "..."]
#   workloads: tls-newconn (a new TLS connection, so a full handshake, per request: handshakes/s)
#              tls-keepalive (50 keep-alive TLS connections)   (default: both)
# Environment: BALLAST_EVENT_LOOPS (default 1, like HAProxy's one thread).
#
# Ballast is configured as a user would: /usr/bin/aws acm import-certificate, then an HTTPS listener with
# aws elbv2 create-listener. Prints the same table as bench/run.sh; raw outputs under bench/results/<timestamp>-tls/.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
rounds=3
duration=10
warmup=5
workloads="tls-newconn tls-keepalive"
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) rounds=$2; shift 2 ;;
    --duration) duration=$2; shift 2 ;;
    --warmup) warmup=$2; shift 2 ;;
    --workloads) workloads=$2; shift 2 ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) echo "unknown option: $1 (see --help)" >&2; exit 2 ;;
  esac
done
for tool in wrk haproxy nginx java python3 curl openssl /usr/bin/aws; do
  command -v "$tool" >/dev/null 2>&1 || { echo "bench: missing tool: $tool" >&2; exit 3; }
done
for port in 19000 19021 19023 19500; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "bench: port 127.0.0.1:$port is already in use; stop what holds it" >&2
    exit 4
  fi
done

stamp=$(date -u +%Y%m%dT%H%M%SZ)-tls
out="$here/results/$stamp"
work=$(mktemp -d /tmp/ballast-bench-tls.XXXXXX)
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

echo "bench: building Ballast" >&2
(cd "$root" && ./mvnw -q -DskipTests package) >&2
"$here/lib/machine.sh" >"$out/machine.md"
"$here/lib/write-configs.sh" "$work" 19000

# One RSA 2048 certificate for both; HAProxy wants the certificate and key in one file.
openssl req -x509 -nodes -newkey rsa:2048 -days 7 -subj /CN=bench.example.test \
  -keyout "$work/tls.key" -out "$work/tls.crt" 2>/dev/null
cat "$work/tls.crt" "$work/tls.key" >"$work/tls.pem"
# ELBSecurityPolicy-TLS13-1-2-2021-06, as DescribeSSLPolicies lists it
tls12="ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES128-SHA256:ECDHE-RSA-AES128-SHA256"
tls12+=":ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-AES256-SHA384:ECDHE-RSA-AES256-SHA384"
tls13="TLS_AES_128_GCM_SHA256:TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256"
cat >"$work/haproxy-tls.cfg" <<CONF
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
frontend tls
  bind 127.0.0.1:19021 ssl crt $work/tls.pem ssl-min-ver TLSv1.2 ciphers $tls12 ciphersuites $tls13
  default_backend one
backend one
  server b 127.0.0.1:19000
CONF

declare -A pid_of
nginx -p "$work/backend/" -c "$work/backend/nginx.conf" -g 'daemon off;' &
pids+=($!)
haproxy -f "$work/haproxy-tls.cfg" -db >"$work/haproxy.log" 2>&1 &
pids+=($!); pid_of[haproxy]=$!
"$root/ballast" server --data-dir "$work/ballast-data" --api-port 19500 --public-address 127.0.0.1 \
  --dns-port 0 --event-loops "${BALLAST_EVENT_LOOPS:-1}" >"$work/ballast.log" 2>&1 &
pids+=($!); pid_of[ballast]=$!

for _ in $(seq 1 300); do curl -fsS -o /dev/null http://127.0.0.1:19500/ping 2>/dev/null && break; sleep 0.2; done
export AWS_ACCESS_KEY_ID=bench AWS_SECRET_ACCESS_KEY=bench AWS_DEFAULT_REGION=us-east-1 AWS_PAGER=""
aws="/usr/bin/aws --endpoint-url http://127.0.0.1:19500 --output text"
cert=$($aws acm import-certificate --certificate "fileb://$work/tls.crt" --private-key "fileb://$work/tls.key" \
  --query CertificateArn)
tg=$($aws elbv2 create-target-group --name bench --protocol HTTP --port 80 --target-type ip --vpc-id vpc-local \
  --query 'TargetGroups[0].TargetGroupArn')
$aws elbv2 register-targets --target-group-arn "$tg" --targets Id=127.0.0.1,Port=19000
lb=$($aws elbv2 create-load-balancer --name bench-tls --subnets subnet-0ba11a5700000000a subnet-0ba11a5700000000b \
  --query 'LoadBalancers[0].LoadBalancerArn')
$aws elbv2 create-listener --load-balancer-arn "$lb" --protocol HTTPS --port 19023 \
  --certificates CertificateArn="$cert" --ssl-policy ELBSecurityPolicy-TLS13-1-2-2021-06 \
  --default-actions Type=forward,TargetGroupArn="$tg" >/dev/null
for port in 19021 19023; do
  for _ in $(seq 1 300); do curl -kfsS -o /dev/null "https://127.0.0.1:$port/" 2>/dev/null && break; sleep 0.2; done
done
grep -m1 "TLS listeners run on" "$work/ballast.log" >"$out/tls-provider.txt" || true

declare -A port_of
port_of[haproxy]=19021; port_of[ballast]=19023
wrk_args() { # workload system
  case "$1" in
    # wrk opens a new connection (and TLS handshake) after each response when the request says "Connection: close"
    tls-newconn) args=(-H "Connection: close" -t1 -c50) ;;
    tls-keepalive) args=(-t1 -c50) ;;
    *) echo "bench: unknown workload: $1" >&2; exit 2 ;;
  esac
  args+=(--latency "https://127.0.0.1:${port_of[$2]}/")
}
cpu_ticks() {
  sed 's/.*) //' "/proc/$1/stat" | awk '{print $12 + $13}'
}
for w in $workloads; do
  for s in haproxy ballast; do
    args=(); wrk_args "$w" "$s"
    [ "$warmup" -gt 0 ] && wrk -d"${warmup}s" "${args[@]}" >/dev/null 2>&1 || true
  done
  for r in $(seq 1 "$rounds"); do
    for s in haproxy ballast; do
      args=(); wrk_args "$w" "$s"
      echo "bench: round $r/$rounds  $w  $s" >&2
      before=$(cpu_ticks "${pid_of[$s]}")
      wrk -d"${duration}s" "${args[@]}" >"$out/$w.$s.$r.txt" 2>&1 || true
      echo "$(( $(cpu_ticks "${pid_of[$s]}") - before )) $(getconf CLK_TCK)" >"$out/$w.$s.$r.cpu"
    done
  done
done
{
  echo "Run $stamp: $rounds rounds of ${duration}s, warm-up ${warmup}s, Ballast event loops ${BALLAST_EVENT_LOOPS:-1}, $(cat "$out/tls-provider.txt" 2>/dev/null | sed 's/.*TLS listeners run on/Ballast TLS on/')"
  echo
  python3 "$here/lib/summarize.py" "$out" "$rounds" $workloads
} | tee "$out/summary.md"
echo "bench: raw outputs in $out" >&2
