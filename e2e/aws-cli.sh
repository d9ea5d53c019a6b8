#!/usr/bin/env bash
# End-to-end: builds the load balancers of scenarios S1 and S2 with the AWS CLI v2 (/usr/bin/aws) against
# `ballast server`, with real hello-world targets, and curls through them. Exits non-zero on any failure.
# Needs: /usr/bin/aws (Debian's awscli v2), curl, python3, dig (dnsutils). Every port is a free one unless given:
# E2E_API_PORT (API), E2E_DNS_PORT (Ballast's DNS, which answers S2's internal address for its DNS name), E2E_S1_PORT
# (S1's listener), E2E_S2_PORT (S2's listener, on the internal address Ballast gives the load balancer).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

source e2e/lib.sh
command -v dig >/dev/null || { echo "e2e: dig missing (expected: apt-get install dnsutils)" >&2; exit 1; }
DNS_PORT="${E2E_DNS_PORT:-$(free_dns_port)}"
S1_PORT="${E2E_S1_PORT:-$(free_port 127.0.0.1)}"
target_ports=()
for i in 1 2 3 4 5; do target_ports[$i]=$(free_port 127.0.0.1); done

./ballast --version >/dev/null # builds the jar once, before the timed parts
jar="$root/ballast-server/target/ballast.jar"

java -jar "$jar" server --data-dir "$work/data" --api-port "$API_PORT" --public-address 127.0.0.1 \
  --dns-port "$DNS_PORT" >"$work/server.log" 2>&1 &
pids+=($!)
for i in 1 2 3 4 5; do
  java -Xmx64m -jar "$jar" hello --port "${target_ports[$i]}" --task-id "task-$i" >"$work/hello-$i.log" 2>&1 &
  pids+=($!)
done
wait_port 127.0.0.1 "$API_PORT"
wait_port 127.0.0.1 "$DNS_PORT"
for i in 1 2 3 4 5; do wait_port 127.0.0.1 "${target_ports[$i]}"; done

echo "== S1: hello-world-lb (internet-facing) with hello-world-tg and 3 tasks"
tg=$(elbv2 create-target-group --name hello-world-tg --protocol HTTP --port 80 --target-type ip \
  --vpc-id vpc-0example --query 'TargetGroups[0].TargetGroupArn')
lb=$(elbv2 create-load-balancer --name hello-world-lb --subnets subnet-0ba11a5700000000a subnet-0ba11a5700000000b \
  --query 'LoadBalancers[0].LoadBalancerArn')
elbv2 register-targets --target-group-arn "$tg" \
  --targets "Id=127.0.0.1,Port=${target_ports[1]}" "Id=127.0.0.1,Port=${target_ports[2]}" \
  "Id=127.0.0.1,Port=${target_ports[3]}"
elbv2 create-listener --load-balancer-arn "$lb" --protocol HTTP --port "$S1_PORT" \
  --default-actions "Type=forward,TargetGroupArn=$tg" >/dev/null
elbv2 wait load-balancer-available --load-balancer-arns "$lb"
dns=$(elbv2 describe-load-balancers --names hello-world-lb --query 'LoadBalancers[0].DNSName')
echo "DNS name: $dns"
await_healthy "$tg" 3 # new targets start "initial" and turn healthy after their first passing check
seen=""
for _ in 1 2 3 4 5 6; do
  body=$(curl -fsS "http://127.0.0.1:$S1_PORT/") || fail "S1: curl through the listener failed"
  seen+="$(grep -o 'task-[0-9]' <<<"$body" | head -1) "
done
echo "S1 answers: $seen"
for t in task-1 task-2 task-3; do grep -q "$t" <<<"$seen" || fail "S1: $t never answered"; done
# The DNS name resolves to loopback (*.localhost), so the name works too.
curl -fsS "http://$dns:$S1_PORT/" >/dev/null || fail "S1: curl by DNS name failed"

echo "== S2: internal ALB with host-based routing"
build_s2_alb "${target_ports[4]}" "${target_ports[5]}"
lb2=$s2_lb address=$s2_address S2_PORT=$s2_port empty=$s2_empty svc=$s2_svc listener=$s2_listener
echo "internal address: $address:$S2_PORT"
# While one task is healthy and the other still "initial", only the healthy one gets traffic (as on AWS).
await_healthy "$svc" 2
seen=""
for _ in 1 2 3 4; do
  body=$(curl -fsS -H 'Host: service-a.in.example.com' "http://$address:$S2_PORT/") || fail "S2: routed request failed"
  seen+="$(grep -o 'task-[0-9]' <<<"$body" | head -1) "
done
echo "S2 answers for service-a.in.example.com: $seen"
for t in task-4 task-5; do grep -q "$t" <<<"$seen" || fail "S2: $t never answered"; done
status=$(curl -s -o /dev/null -w '%{http_code}' -H 'Host: unknown.in.example.com' "http://$address:$S2_PORT/")
[[ "$status" == 503 ]] || fail "S2: unknown host answered $status (expected 503 from the empty target group)"
priorities=$(elbv2 describe-rules --listener-arn "$listener" --query 'Rules[].Priority')
[[ "$priorities" == "1	default" ]] || fail "S2: rule priorities '$priorities'"

echo "== errors come back as AWS error codes"
if out=$(elbv2 delete-target-group --target-group-arn "$svc" 2>&1); then fail "deleting a group in use succeeded"; fi
grep -q ResourceInUse <<<"$out" || fail "expected ResourceInUse, got: $out"

echo "== EC2: a security group decides which clients reach S1"
ec2() { "$AWS" ec2 --endpoint-url "$ENDPOINT" --output text "$@"; }
zones=$(ec2 describe-subnets --filters Name=default-for-az,Values=true --query 'Subnets[].AvailabilityZone')
[[ "$zones" == "us-east-1a	us-east-1b	us-east-1c" ]] || fail "default subnets' zones: '$zones'"
sg=$(ec2 create-security-group --group-name s1-clients --description "S1 clients" --query GroupId)
ec2 authorize-security-group-ingress --group-id "$sg" --protocol tcp --port "$S1_PORT" --cidr 127.0.0.2/32 >/dev/null
if out=$(ec2 authorize-security-group-ingress --group-id "$sg" --protocol tcp --port "$S1_PORT" \
  --cidr 127.0.0.2/32 2>&1); then fail "a duplicate rule was accepted"; fi
grep -q InvalidPermission.Duplicate <<<"$out" || fail "expected InvalidPermission.Duplicate, got: $out"
elbv2 set-security-groups --load-balancer-arn "$lb" --security-groups "$sg" >/dev/null
curl -fsS --interface 127.0.0.2 "http://127.0.0.1:$S1_PORT/" >/dev/null || fail "EC2: a client the group admits was refused"
if curl -fsS --max-time 5 --interface 127.0.0.3 "http://127.0.0.1:$S1_PORT/" >/dev/null 2>&1; then
  fail "EC2: a client outside the group was served"
fi
elbv2 set-security-groups --load-balancer-arn "$lb" --security-groups sg-0ba11a5700000000d >/dev/null

echo "== tear down"
elbv2 delete-load-balancer --load-balancer-arn "$lb"
elbv2 delete-load-balancer --load-balancer-arn "$lb2"
ec2 delete-security-group --group-id "$sg"
for arn in "$tg" "$empty" "$svc"; do elbv2 delete-target-group --target-group-arn "$arn"; done
left=$(elbv2 describe-load-balancers --query 'length(LoadBalancers)')
[[ "$left" == 0 ]] || fail "$left load balancers left after tear-down"
echo "e2e: aws-cli scenarios S1 and S2 passed"
