#!/usr/bin/env bash
# End-to-end: the classic half of scenario S3 with the AWS CLI v2 (`aws elb`) against `ballast server`: a Classic
# Load Balancer HelloWorldLoadBalancer (HTTP 8080 -> instance port 8080, health check HTTP:8080/, cross-zone on)
# in front of three "nodes" (hello-world tasks on 127.0.0.2-4, same port, started after they are registered),
# describe-instance-health going from 0 to 3 of 3 InService, curl spreading over the nodes; then a TCP listener through the L4 relay and a classic
# error. Exits non-zero on any failure.
# Needs: /usr/bin/aws (Debian's awscli v2), curl, python3. Every port is a free one unless given: E2E_API_PORT and
# E2E_CLASSIC_PORT and E2E_TCP_PORT on 127.0.0.1, E2E_NODE_PORT on each of 127.0.0.2-4.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

source e2e/lib.sh
LB_PORT="${E2E_CLASSIC_PORT:-$(free_port 127.0.0.1)}"
NODE_PORT="${E2E_NODE_PORT:-$(free_port 127.0.0.2 127.0.0.3 127.0.0.4)}"
TCP_PORT="${E2E_TCP_PORT:-$(free_port 127.0.0.1)}"
elb() { "$AWS" elb --endpoint-url "$ENDPOINT" --output text "$@"; }

in_service() { # load balancer name -> number of InService instances
  elb describe-instance-health --load-balancer-name "$1" \
    --query 'length(InstanceStates[?State==`InService`])'
}

./ballast --version >/dev/null # builds the jar once, before the timed parts
jar="$root/ballast-server/target/ballast.jar"

java -jar "$jar" server --data-dir "$work/data" --api-port "$API_PORT" --public-address 127.0.0.1 --dns-port 0 \
  >"$work/server.log" 2>&1 &
pids+=($!)
wait_port 127.0.0.1 "$API_PORT"

echo "== S3 (classic half): HelloWorldLoadBalancer over three nodes"
dns=$(elb create-load-balancer --load-balancer-name HelloWorldLoadBalancer \
  --listeners "Protocol=HTTP,LoadBalancerPort=$LB_PORT,InstanceProtocol=HTTP,InstancePort=$NODE_PORT" \
  --availability-zones us-east-1a us-east-1b --query DNSName)
echo "DNS name: $dns"
elb configure-health-check --load-balancer-name HelloWorldLoadBalancer \
  --health-check "Target=HTTP:$NODE_PORT/,Interval=5,Timeout=2,UnhealthyThreshold=2,HealthyThreshold=2" >/dev/null
elb modify-load-balancer-attributes --load-balancer-name HelloWorldLoadBalancer \
  --load-balancer-attributes '{"CrossZoneLoadBalancing":{"Enabled":true}}' >/dev/null
cross=$(elb describe-load-balancer-attributes --load-balancer-name HelloWorldLoadBalancer \
  --query 'LoadBalancerAttributes.CrossZoneLoadBalancing.Enabled')
[[ "$cross" == True ]] || fail "cross-zone load balancing is '$cross'"
elb register-instances-with-load-balancer --load-balancer-name HelloWorldLoadBalancer \
  --instances 127.0.0.2 127.0.0.3 127.0.0.4 >/dev/null
# The nodes are not up yet: 0 of 3 InService.
first=$(in_service HelloWorldLoadBalancer)
echo "InService before the nodes are up: $first of 3"
[[ "$first" == 0 ]] || fail "expected 0 of 3 InService before the nodes are up, got $first"
echo "== starting the three nodes"
for n in 2 3 4; do
  java -Xmx64m -jar "$jar" hello --bind "127.0.0.$n" --port "$NODE_PORT" --task-id "node-$n" \
    >"$work/hello-$n.log" 2>&1 &
  pids+=($!)
done
for n in 2 3 4; do wait_port "127.0.0.$n" "$NODE_PORT"; done
count=0
for _ in $(seq 1 60); do
  count=$(in_service HelloWorldLoadBalancer)
  [[ "$count" == 3 ]] && break
  sleep 0.5
done
[[ "$count" == 3 ]] || fail "$count of 3 instances InService after 30 s"
echo "InService: 3 of 3"
seen=""
for _ in 1 2 3 4 5 6; do
  body=$(curl -fsS "http://127.0.0.1:$LB_PORT/") || fail "curl through the classic listener failed"
  seen+="$(grep -o 'node-[0-9]' <<<"$body" | head -1) "
done
echo "answers: $seen"
for n in node-2 node-3 node-4; do grep -q "$n" <<<"$seen" || fail "$n never answered"; done
curl -fsS "http://$dns:$LB_PORT/" >/dev/null || fail "curl by DNS name failed"

echo "== a TCP listener goes through the L4 relay"
elb create-load-balancer-listeners --load-balancer-name HelloWorldLoadBalancer \
  --listeners "Protocol=TCP,LoadBalancerPort=$TCP_PORT,InstanceProtocol=TCP,InstancePort=$NODE_PORT"
body=$(curl -fsS "http://127.0.0.1:$TCP_PORT/") || fail "curl through the TCP listener failed"
grep -q 'node-[0-9]' <<<"$body" || fail "the TCP listener did not reach a node"
ports=$(elb describe-load-balancers --load-balancer-names HelloWorldLoadBalancer \
  --query 'LoadBalancerDescriptions[0].ListenerDescriptions[].Listener.LoadBalancerPort')
[[ "$ports" == "$LB_PORT	$TCP_PORT" ]] || fail "listener ports '$ports'"

echo "== classic errors"
if out=$(elb describe-load-balancers --load-balancer-names NoSuchLoadBalancer 2>&1); then
  fail "describing a missing load balancer succeeded"
fi
grep -q LoadBalancerNotFound <<<"$out" || fail "expected LoadBalancerNotFound, got: $out"
if out=$(elb create-load-balancer --load-balancer-name SecondOnSamePort \
  --listeners "Protocol=HTTP,LoadBalancerPort=$LB_PORT,InstanceProtocol=HTTP,InstancePort=$NODE_PORT" \
  --availability-zones us-east-1a 2>&1); then
  fail "a second load balancer on the same port was created"
fi
grep -q InvalidConfigurationRequest <<<"$out" || fail "expected InvalidConfigurationRequest, got: $out"

echo "== deregister and tear down"
elb deregister-instances-from-load-balancer --load-balancer-name HelloWorldLoadBalancer --instances 127.0.0.4 \
  >/dev/null
left=$(elb describe-load-balancers --load-balancer-names HelloWorldLoadBalancer \
  --query 'length(LoadBalancerDescriptions[0].Instances)')
[[ "$left" == 2 ]] || fail "$left instances registered after deregistering one"
elb delete-load-balancer --load-balancer-name HelloWorldLoadBalancer
remaining=$(elb describe-load-balancers --query 'length(LoadBalancerDescriptions)')
[[ "$remaining" == 0 ]] || fail "$remaining load balancers left after tear-down"
echo "e2e: classic-elb scenario S3 (classic half) passed"
