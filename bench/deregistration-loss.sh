#!/usr/bin/env bash
# Failed requests while targets are deregistered (delay 0) and registered again under keep-alive load: Ballast
# server (API + store) in front of three single-process NGINX targets, wrk with keep-alive connections, the AWS CLI
# v2 deregistering one target at a time and registering it back.
#
# Usage: bench/deregistration-loss.sh [--cycles 25] [--duration 240] [--connections N]
# Prints the requests wrk completed, the non-2xx responses and the socket errors it saw.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
cycles=25
duration=240
connections=50
while [ $# -gt 0 ]; do
  case "$1" in
    --cycles) cycles=$2; shift 2 ;;
    --duration) duration=$2; shift 2 ;;
    --connections) connections=$2; shift 2 ;;
    -h|--help) sed -n '2,7p' "$0"; exit 0 ;;
    *) echo "unknown option: $1 (see --help)" >&2; exit 2 ;;
  esac
done

AWS=/usr/bin/aws
[[ -x "$AWS" ]] || { echo "deregistration-loss: $AWS missing (apt-get install awscli)" >&2; exit 3; }
for tool in wrk nginx java curl; do
  command -v "$tool" >/dev/null 2>&1 || { echo "deregistration-loss: missing tool: $tool" >&2; exit 3; }
done
api_port=19310
lb_port=19300
target_ports="19301 19302 19303"
for port in $api_port $lb_port $target_ports; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "deregistration-loss: port 127.0.0.1:$port is already in use; stop what holds it" >&2
    exit 4
  fi
done
export AWS_PAGER="" AWS_ACCESS_KEY_ID=bench AWS_SECRET_ACCESS_KEY=bench AWS_DEFAULT_REGION=us-east-1
elb() { "$AWS" elbv2 --endpoint-url "http://127.0.0.1:$api_port" --output text "$@"; }

work=$(mktemp -d /tmp/ballast-deregistration-loss.XXXXXX)
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done; rm -rf "$work"' EXIT

echo "deregistration-loss: building Ballast" >&2
(cd "$root" && ./mvnw -q -DskipTests package) >&2

# shellcheck source=lib/nginx-targets.sh
source "$here/lib/nginx-targets.sh"
start_nginx_targets "$work" $target_ports

"$root/ballast" server --data-dir "$work/data" --api-port "$api_port" --public-address 127.0.0.1 --event-loops 1 --dns-port 0 \
  >"$work/server.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 300); do (exec 3<>"/dev/tcp/127.0.0.1/$api_port") 2>/dev/null && break; sleep 0.1; done

lb=$(elb create-load-balancer --name loss-alb --query 'LoadBalancers[0].LoadBalancerArn')
tg=$(elb create-target-group --name three --protocol HTTP --port 19301 --target-type ip \
  --health-check-interval-seconds 5 --health-check-timeout-seconds 2 --healthy-threshold-count 2 --query 'TargetGroups[0].TargetGroupArn')
elb modify-target-group-attributes --target-group-arn "$tg" \
  --attributes Key=deregistration_delay.timeout_seconds,Value=0 >/dev/null
elb register-targets --target-group-arn "$tg" --targets Id=127.0.0.1,Port=19301 Id=127.0.0.1,Port=19302 \
  Id=127.0.0.1,Port=19303
elb create-listener --load-balancer-arn "$lb" --protocol HTTP --port "$lb_port" \
  --default-actions "Type=forward,TargetGroupArn=$tg" >/dev/null
healthy() { elb describe-target-health --target-group-arn "$tg" \
  --query 'length(TargetHealthDescriptions[?TargetHealth.State==`healthy`])'; }
deadline=$((SECONDS + 30))
until [ "$(healthy)" = 3 ]; do
  [ $SECONDS -lt $deadline ] || { echo "deregistration-loss: targets not healthy within 30 s" >&2; exit 5; }
  sleep 0.5
done

wrk -t1 -c"$connections" -d"${duration}s" "http://127.0.0.1:$lb_port/" >"$work/wrk.txt" &
wrk_pid=$!
started=$SECONDS
sleep 2
set -- $target_ports
for i in $(seq 1 "$cycles"); do
  port=$(eval echo "\${$(( (i - 1) % 3 + 1 ))}")
  elb deregister-targets --target-group-arn "$tg" --targets "Id=127.0.0.1,Port=$port"
  sleep 0.5
  elb register-targets --target-group-arn "$tg" --targets "Id=127.0.0.1,Port=$port"
  # back in rotation after its first passing check (up to 2 s after registration)
  deadline=$((SECONDS + 15))
  until [ "$(healthy)" = 3 ]; do
    [ $SECONDS -lt $deadline ] || { echo "deregistration-loss: target $port not healthy again within 15 s" >&2; break; }
    sleep 0.2
  done
done
if [ $((SECONDS - started)) -ge "$duration" ]; then
  echo "deregistration-loss: the cycles outlasted wrk (${duration}s); raise --duration" >&2
fi
wait "$wrk_pid"
requests=$(awk '/requests in/ {print $1}' "$work/wrk.txt")
non2xx=$(awk -F': ' '/Non-2xx/ {print $2}' "$work/wrk.txt")
errors=$(awk -F'Socket errors: ' '/Socket errors/ {print $2}' "$work/wrk.txt")
printf '| deregistrations | requests | non-2xx | socket errors |\n|---|---|---|---|\n'
printf '| %s | %s | %s | %s |\n' "$cycles" "$requests" "${non2xx:-0}" "${errors:-none}"
