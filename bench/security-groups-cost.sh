#!/usr/bin/env bash
# Measures what enforcing a security group costs on the data plane: two internal application load balancers of one
# Ballast server forward to the same NGINX backend; "open" has the default VPC's default group (which admits every
# client, so its listeners skip the check) and "guarded" has a group of 12 inbound rules whose only match for the
# benchmark's client (127.0.0.1) is the last one, so every accepted connection runs the whole check. Rounds alternate
# between the two; workloads: keepalive50 (wrk -t1 -c50, 50 connections: the check runs 50 times) and newconn (a new
# connection per request: the check runs once per request).
#
# Usage: bench/security-groups-cost.sh [--rounds N] [--duration SECONDS] [--warmup SECONDS]
# Environment: BALLAST_JAVA_OPTS (default: the production set, conf/jvm-server.options), BALLAST_EVENT_LOOPS (1).
#
# Prints req/s per round and workload and the median ratio guarded / open; raw wrk outputs go to
# bench/results/<stamp>-security-groups/.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
rounds=5
duration=10
warmup=10
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) rounds=$2; shift 2 ;;
    --duration) duration=$2; shift 2 ;;
    --warmup) warmup=$2; shift 2 ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    *) echo "unknown option: $1 (see --help)" >&2; exit 2 ;;
  esac
done
for tool in wrk nginx java curl dig python3 /usr/bin/aws; do
  command -v "$tool" >/dev/null 2>&1 || { echo "bench: missing tool: $tool" >&2; exit 3; }
done
read -r backend_port api_port dns_port open_port guarded_port < <(python3 -c '
import socket
socks = [socket.socket() for _ in range(5)]
for s in socks: s.bind(("127.0.0.1", 0))
print(*[s.getsockname()[1] for s in socks])')

stamp=$(date -u +%Y%m%dT%H%M%SZ)
out="$here/results/$stamp-security-groups"
work=$(mktemp -d /tmp/ballast-sg-bench.XXXXXX)
mkdir -p "$out"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

(cd "$root" && ./mvnw -q -o -DskipTests package -pl ballast-server -am) >&2
"$here/lib/machine.sh" >"$out/machine.md"

# The backend of bench/run.sh: NGINX, one worker, a 33-byte body, keep-alive.
# shellcheck source=lib/nginx-backend.sh
. "$here/lib/nginx-backend.sh"
write_nginx_backend "$work/backend" "$backend_port"
nginx -p "$work/backend/" -c "$work/backend/nginx.conf" -g 'daemon off;' &
pids+=($!)

# shellcheck disable=SC2086
java ${BALLAST_JAVA_OPTS-@$root/conf/jvm-server.options} -jar "$root/ballast-server/target/ballast.jar" server \
  --data-dir "$work/data" --api-port "$api_port" --dns-port "$dns_port" --event-loops "${BALLAST_EVENT_LOOPS:-1}" \
  >"$work/server.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 300); do curl -fsS -o /dev/null "http://127.0.0.1:$api_port/ping" 2>/dev/null && break; sleep 0.2; done

export AWS_ACCESS_KEY_ID=bench AWS_SECRET_ACCESS_KEY=bench AWS_DEFAULT_REGION=us-east-1 AWS_PAGER=""
aws() { /usr/bin/aws --endpoint-url "http://127.0.0.1:$api_port" "$@"; }
vpc=vpc-0ba11a570000000
subnets="subnet-0ba11a5700000000a subnet-0ba11a5700000000b"
sg=$(aws ec2 create-security-group --group-name bench-guarded --description "benchmark clients" --vpc-id $vpc \
  --query GroupId --output text)
# 11 blocks that do not hold the client, then the one that does: the check walks all 12.
for i in $(seq 1 11); do
  aws ec2 authorize-security-group-ingress --group-id "$sg" --protocol tcp --port "$guarded_port" \
    --cidr "10.$i.0.0/16" >/dev/null
done
aws ec2 authorize-security-group-ingress --group-id "$sg" --protocol tcp --port "$guarded_port" \
  --cidr 127.0.0.1/32 >/dev/null
backend_group() { # name -> a target group holding the backend (a group serves one load balancer)
  local arn
  arn=$(aws elbv2 create-target-group --name "$1" --protocol HTTP --port "$backend_port" --vpc-id $vpc \
    --target-type ip --query 'TargetGroups[0].TargetGroupArn' --output text)
  aws elbv2 register-targets --target-group-arn "$arn" --targets "Id=127.0.0.1,Port=$backend_port" >/dev/null
  echo "$arn"
}
address_of() { # load balancer name -> its address, by its DNS name through Ballast's DNS
  local name
  name=$(aws elbv2 describe-load-balancers --names "$1" --query 'LoadBalancers[0].DNSName' --output text)
  dig @127.0.0.1 -p "$dns_port" +short "$name" A | head -1
}
# shellcheck disable=SC2086
open_lb=$(aws elbv2 create-load-balancer --name bench-open --scheme internal --subnets $subnets \
  --query 'LoadBalancers[0].LoadBalancerArn' --output text)
# shellcheck disable=SC2086
guarded_lb=$(aws elbv2 create-load-balancer --name bench-guarded --scheme internal --subnets $subnets \
  --security-groups "$sg" --query 'LoadBalancers[0].LoadBalancerArn' --output text)
aws elbv2 create-listener --load-balancer-arn "$open_lb" --protocol HTTP --port "$open_port" \
  --default-actions "Type=forward,TargetGroupArn=$(backend_group bench-open)" >/dev/null
aws elbv2 create-listener --load-balancer-arn "$guarded_lb" --protocol HTTP --port "$guarded_port" \
  --default-actions "Type=forward,TargetGroupArn=$(backend_group bench-guarded)" >/dev/null
open_url="http://$(address_of bench-open):$open_port/"
guarded_url="http://$(address_of bench-guarded):$guarded_port/"
for url in "$open_url" "$guarded_url"; do
  for _ in $(seq 1 100); do curl -fsS "$url" 2>/dev/null | grep -q "benchmark backend" && break; sleep 0.2; done
  curl -fsS "$url" | grep -q "hello from the benchmark backend" || { echo "bench: $url does not answer" >&2; exit 5; }
done
# The guard is real: a client from another loopback address is refused by the guarded listener only.
if curl -fsS -m 5 --interface 127.0.0.2 -o /dev/null "$guarded_url" 2>/dev/null; then
  echo "bench: the guarded listener admitted 127.0.0.2; the check is not running" >&2; exit 5
fi
curl -fsS -m 5 --interface 127.0.0.2 -o /dev/null "$open_url" \
  || { echo "bench: the open listener refused 127.0.0.2" >&2; exit 5; }

run() { # workload side round seconds
  local url=$open_url args=()
  [ "$2" = guarded ] && url=$guarded_url
  [ "$1" = newconn ] && args=(-H "Connection: close")
  wrk -t1 -c50 -d"$4s" --latency "${args[@]}" "$url" >"$out/$1.$2.$3.txt" 2>&1 || true
  awk '/Requests\/sec/ {print int($2)}' "$out/$1.$2.$3.txt"
}
for workload in keepalive50 newconn; do
  echo "bench: $workload warm-up ${warmup}s each" >&2
  run "$workload" open 0 "$warmup" >/dev/null
  run "$workload" guarded 0 "$warmup" >/dev/null
  echo
  echo "$workload:"
  echo
  echo "| round | open (default group) req/s | guarded (12 rules) req/s | ratio |"
  echo "|---|---|---|---|"
  ratios=()
  for r in $(seq 1 "$rounds"); do
    # alternate which goes first, so neither always follows the other's tail
    if [ $((r % 2)) -eq 1 ]; then o=$(run "$workload" open "$r" "$duration"); g=$(run "$workload" guarded "$r" "$duration")
    else g=$(run "$workload" guarded "$r" "$duration"); o=$(run "$workload" open "$r" "$duration"); fi
    ratio=$(awk -v g="$g" -v o="$o" 'BEGIN {printf "%.3f", g / o}')
    ratios+=("$ratio")
    echo "| $r | $o | $g | $ratio |"
  done
  median=$(printf '%s\n' "${ratios[@]}" | sort -n \
    | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}')
  echo
  echo "median ratio guarded / open ($workload): $median over $rounds rounds of ${duration}s"
done
echo
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg); event loops ${BALLAST_EVENT_LOOPS:-1}"
echo "bench: raw outputs in $out" >&2
