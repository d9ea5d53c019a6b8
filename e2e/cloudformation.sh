#!/usr/bin/env bash
# End-to-end, seed 001 as a CloudFormation stack with the AWS CLI v2: bad templates are refused with
# ValidationErrors that say what and where -> create-stack examples/seed-001-stack.json + wait stack-create-complete
# -> dig through Ballast's DNS answers service-a.in.example.com -> a client that resolves the name through Ballast's
# DNS gets service A's 2 tasks (process driver), an unknown host gets the empty group's 503 -> update-stack (health
# check interval 5 -> 10 s, desired count 2 -> 3) under load with 0 failed requests -> delete-stack removes
# everything -> a stack whose second resource fails rolls back the first, and its events say which and why -> a
# stack's requested certificate (Ballast's private CA) on its HTTPS listener, verified by curl with get-certificate's
# chain, deleted with the stack.
# Needs: /usr/bin/aws, dig, curl, python3; root (the seed's listener is port 80 on an internal loopback address).
# Ports are free ones unless given: E2E_API_PORT, E2E_DNS_PORT.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

source e2e/lib.sh
command -v dig >/dev/null || { echo "e2e: dig missing (expected: apt-get install dnsutils)" >&2; exit 1; }
DNS_PORT="${E2E_DNS_PORT:-$(free_dns_port)}"
cf() { "$AWS" cloudformation --endpoint-url "$ENDPOINT" --output text "$@"; }
ecs() { "$AWS" ecs --endpoint-url "$ENDPOINT" --output text "$@"; }
route53() { "$AWS" route53 --endpoint-url "$ENDPOINT" --output text "$@"; }
ec2() { "$AWS" ec2 --endpoint-url "$ENDPOINT" --output text "$@"; }
ask() { dig @127.0.0.1 -p "$DNS_PORT" +tries=1 +time=5 "$@"; }
by_name() { python3 e2e/resolve-and-get.py 127.0.0.1 "$DNS_PORT" "http://service-a.in.example.com/" 2>/dev/null; }
trap 'stop_work_tasks; cleanup' EXIT

./ballast --version >/dev/null # builds the jar once
jar="$root/ballast-server/target/ballast.jar"
java -jar "$jar" server --data-dir "$work/data" --api-port "$API_PORT" --dns-port "$DNS_PORT" \
  --public-address 127.0.0.1 --task-driver process >"$work/server.log" 2>&1 &
pids+=($!)
wait_port 127.0.0.1 "$API_PORT"
wait_port 127.0.0.1 "$DNS_PORT"

refused() { # name template-file expected-message: create-stack fails with that ValidationError and stores nothing
  local out
  if out=$(cf create-stack --stack-name "$1" --template-body "file://$2" 2>&1); then fail "$1 was accepted: $out"; fi
  grep -qF "(ValidationError)" <<<"$out" || fail "$1: not a ValidationError: $out"
  grep -qF "$3" <<<"$out" || fail "$1: expected \"$3\" in: $out"
  echo "$1: $(sed -n 's/.*operation: //p' <<<"$out")"
}
echo "== bad input is refused and changes nothing"
printf '{"Resources": {"A": {"Type": "AWS::IAM::Role",}}}' >"$work/unparsable.json"
refused unparsable "$work/unparsable.json" "Template format error: JSON not well-formed. (line 1, column 47)"
printf 'Resources:\n  A: {Type: AWS::ECS::Cluster, Properties: {ClusterName: !GetAtt B.Arn}}\n  B: {Type: AWS::ECS::Cluster, Properties: {ClusterName: !Ref A}}\n' >"$work/cycle.yaml"
refused cycle "$work/cycle.yaml" "Circular dependency between resources: [A, B]"
printf 'Parameters:\n  Env: {Type: String}\nResources:\n  A: {Type: AWS::ECS::Cluster}\n' >"$work/param.yaml"
refused missing-parameter "$work/param.yaml" "Parameters: [Env] must have values"
printf 'Resources:\n  A: {Type: AWS::ECS::Cluster, Properties: {ClusterName: !Ref Nope}}\n' >"$work/ref.yaml"
refused ref-to-nothing "$work/ref.yaml" \
  "[/Resources/A/Properties/ClusterName/Ref] Unresolved resource dependencies [Nope] in the Resources block"
printf 'Resources:\n  A: {Type: AWS::ECS::Cluster, Properties: {ClusterNam: web}}\n' >"$work/property.yaml"
refused invalid-property "$work/property.yaml" \
  "Properties validation failed for resource A with message: #: extraneous key [ClusterNam] is not permitted"
[[ "$(cf list-stacks --query 'length(StackSummaries)')" == 0 ]] || fail "a refused template left a stack"

echo "== create-stack examples/seed-001-stack.json"
start=$(date +%s%3N)
stack=$(cf create-stack --stack-name seed-001 --template-body file://examples/seed-001-stack.json \
  --capabilities CAPABILITY_IAM --query StackId)
cf wait stack-create-complete --stack-name seed-001 || fail "stack-create-complete: $(cf describe-stack-events \
  --stack-name seed-001 --query 'StackEvents[?ResourceStatus==`CREATE_FAILED`].ResourceStatusReason')"
create_ms=$(( $(date +%s%3N) - start ))
echo "stack $stack: CREATE_COMPLETE after $create_ms ms (the CLI waiter polls every 30 s)"
cf describe-stack-resources --stack-name seed-001 --query 'StackResources[].[LogicalResourceId,ResourceType]' |
  column -t
tg=$(cf describe-stack-resource --stack-name seed-001 --logical-resource-id ServiceAAlbTargetGroup \
  --query StackResourceDetail.PhysicalResourceId)
await_healthy "$tg" 2

echo "== the stack's VPC, subnets and security group are EC2's"
vpc=$(cf describe-stack-resource --stack-name seed-001 --logical-resource-id VPC \
  --query StackResourceDetail.PhysicalResourceId)
[[ "$(ec2 describe-vpcs --vpc-ids "$vpc" --query 'Vpcs[0].CidrBlock')" == 10.0.0.0/16 ]] || fail "VPC $vpc not in EC2"
zones=$(ec2 describe-subnets --filters "Name=vpc-id,Values=$vpc" --query 'sort(Subnets[].AvailabilityZone)')
[[ "$(tr -s '\t ' ' ' <<<"$zones")" == "us-east-1a us-east-1b" ]] || fail "subnets of $vpc in: $zones"
group=$(cf describe-stack-resource --stack-name seed-001 --logical-resource-id HttpHttpsProxySecurityGroup \
  --query StackResourceDetail.PhysicalResourceId)
# the ALB admits 80/443 from the VPC's range and from ClientCidr (127.0.0.0/8: this script's clients)
cidrs=$(ec2 describe-security-groups --group-ids "$group" \
  --query 'sort(SecurityGroups[0].IpPermissions[?FromPort==`80`].IpRanges[].CidrIp)')
[[ "$(tr -s '\t ' ' ' <<<"$cidrs")" == "10.0.0.0/16 127.0.0.0/8" ]] || fail "port 80 of $group open to: $cidrs"

echo "== dig service-a.in.example.com through Ballast's DNS"
out=$(ask service-a.in.example.com A)
echo "$out" | sed -n '/ANSWER SECTION/,/^$/p'
grep -q "flags: qr aa" <<<"$out" || fail "not authoritative: $out"
grep -qiE "service-a\.in\.example\.com\.\s+60\s+IN\s+CNAME\s+internal-privateapiloadbalancer-" <<<"$out" ||
  fail "no CNAME (TTL 60) to the ALB: $out"
address=$(ask +short service-a.in.example.com A | tail -1)
[[ "$address" == 127.0.10.* ]] || fail "service-a.in.example.com answered $address (expected: the internal ALB's)"

echo "== a client calls service A by name"
seen=""
for _ in 1 2 3 4; do
  body=$(by_name) || fail "calling service-a.in.example.com by name failed"
  seen+=" $(grep -o 'task-id">[^<]*' <<<"$body" | cut -d'>' -f2)"
done
distinct=$(tr ' ' '\n' <<<"$seen" | sed '/^$/d' | sort -u | wc -l)
echo "4 requests by name reached $distinct tasks:$seen"
[[ "$distinct" == 2 ]] || fail "expected service A's 2 tasks, got:$seen"
code=$(curl -s -o /dev/null -w '%{http_code}' -H 'Host: unknown.in.example.com' "http://$address/")
echo "unknown host: $code"
[[ "$code" == 503 ]] || fail "an unknown host got $code (expected: 503 from the empty invalid-target-group)"

echo "== update-stack under load: health check interval 10 s, desired count 3"
load() { # sequential requests by name until $work/stop-load exists; one line per request: the HTTP status
  while [[ ! -e "$work/stop-load" ]]; do
    curl -s -o /dev/null -w '%{http_code}\n' --max-time 5 -H 'Host: service-a.in.example.com' "http://$address/" \
      >>"$work/update.codes" || echo "000" >>"$work/update.codes"
  done
}
rm -f "$work/stop-load"; load & loader=$!
cf update-stack --stack-name seed-001 --use-previous-template --capabilities CAPABILITY_IAM \
  --parameters ParameterKey=ServiceADesiredCount,ParameterValue=3 \
  ParameterKey=ServiceAHealthCheckIntervalSeconds,ParameterValue=10 ParameterKey=VPCCidr,UsePreviousValue=true \
  ParameterKey=ClientCidr,UsePreviousValue=true >/dev/null
cf wait stack-update-complete --stack-name seed-001 || fail "stack-update-complete did not succeed"
await_healthy "$tg" 3
touch "$work/stop-load"; wait "$loader"
failed=$(grep -vc '^200$' "$work/update.codes" || true); total=$(wc -l <"$work/update.codes")
echo "update-stack: $failed failed of $total requests"
[[ "$failed" == 0 ]] || fail "requests failed during update-stack: $(sort "$work/update.codes" | uniq -c)"
interval=$(elbv2 describe-target-groups --target-group-arns "$tg" --query 'TargetGroups[0].HealthCheckIntervalSeconds')
[[ "$interval" == 10 ]] || fail "health check interval after the update: $interval (expected: 10)"
cluster=$(cf describe-stack-resource --stack-name seed-001 --logical-resource-id ECSMainCluster \
  --query StackResourceDetail.PhysicalResourceId)
service=$(cf describe-stack-resource --stack-name seed-001 --logical-resource-id ServiceA \
  --query StackResourceDetail.PhysicalResourceId)
counts=$(ecs describe-services --cluster "$cluster" --services "$service" --query 'services[0].[desiredCount,runningCount]')
[[ "$(tr -s '\t ' ' ' <<<"$counts")" == "3 3" ]] || fail "desired/running after the update: $counts (expected: 3 3)"
# sed, not head: the CLI exits 255 on a closed pipe when its NextToken line comes after the 7 events
cf describe-stack-events --stack-name seed-001 --max-items 7 \
  --query 'StackEvents[].[LogicalResourceId,ResourceStatus]' | sed -n '1,7p'

echo "== delete-stack removes everything"
cf delete-stack --stack-name seed-001
cf wait stack-delete-complete --stack-name seed-001 || fail "stack-delete-complete did not succeed"
[[ "$(elbv2 describe-load-balancers --query 'length(LoadBalancers)')" == 0 ]] || fail "load balancers left"
[[ "$(elbv2 describe-target-groups --query 'length(TargetGroups)')" == 0 ]] || fail "target groups left"
[[ "$(route53 list-hosted-zones --query 'length(HostedZones)')" == 0 ]] || fail "hosted zones left"
[[ "$(ecs list-clusters --query 'length(clusterArns)')" == 0 ]] || fail "ECS clusters left"
[[ "$(ec2 describe-vpcs --query 'length(Vpcs)')" == 1 ]] || fail "VPCs other than the default left"
[[ "$(ec2 describe-security-groups --query "length(SecurityGroups[?VpcId=='$vpc'])")" == 0 ]] || fail "groups left"
[[ -z "$(ask +short service-a.in.example.com A)" ]] || fail "service-a.in.example.com still answers"
[[ "$(cf list-stacks --query 'StackSummaries[0].StackStatus')" == DELETE_COMPLETE ]] || fail "not DELETE_COMPLETE"

echo "== a resource that fails rolls back what the stack created"
cat >"$work/fails.yaml" <<'YAML'
Resources:
  Good: {Type: AWS::ElasticLoadBalancingV2::TargetGroup, Properties: {Name: good-tg, Protocol: HTTP, Port: 80}}
  Bad:
    Type: AWS::ElasticLoadBalancingV2::TargetGroup
    DependsOn: Good
    Properties: {Name: bad-tg, Protocol: HTTP, Port: 70000}
YAML
cf create-stack --stack-name fails --template-body "file://$work/fails.yaml" >/dev/null
if cf wait stack-create-complete --stack-name fails 2>/dev/null; then fail "the failing stack completed"; fi
status=$(cf describe-stacks --stack-name fails --query 'Stacks[0].StackStatus')
[[ "$status" == ROLLBACK_COMPLETE ]] || fail "the failing stack is $status (expected: ROLLBACK_COMPLETE)"
reason=$(cf describe-stack-events --stack-name fails \
  --query 'StackEvents[?ResourceStatus==`CREATE_FAILED`].[LogicalResourceId,ResourceStatusReason]')
echo "CREATE_FAILED: $reason"
grep -q "^Bad.*Port: 70000 (expected: 1-65535)" <<<"$reason" || fail "the event does not say which and why: $reason"
[[ "$(elbv2 describe-target-groups --query 'length(TargetGroups)')" == 0 ]] || fail "the rollback left good-tg"

echo "== a requested certificate on a stack's HTTPS listener, issued by Ballast's private CA"
tls_port=$(free_port 127.0.0.1)
cat >"$work/tls.yaml" <<YAML
Resources:
  Certificate:
    Type: AWS::CertificateManager::Certificate
    Properties: {DomainName: www.e2e-tls.test, SubjectAlternativeNames: [api.e2e-tls.test], ValidationMethod: DNS}
  Alb:
    Type: AWS::ElasticLoadBalancingV2::LoadBalancer
    Properties: {Name: e2e-tls, Subnets: [subnet-0ba11a5700000000a, subnet-0ba11a5700000000b]}
  Listener:
    Type: AWS::ElasticLoadBalancingV2::Listener
    Properties:
      LoadBalancerArn: !Ref Alb
      Port: $tls_port
      Protocol: HTTPS
      Certificates: [{CertificateArn: !Ref Certificate}]
      DefaultActions: [{Type: fixed-response, FixedResponseConfig: {StatusCode: '200', MessageBody: e2e-tls}}]
Outputs:
  Certificate: {Value: !Ref Certificate}
YAML
stack_settles() { # name status: polls describe-stacks (the CLI waiter would poll every 30 s) for up to 60 s
  for _ in $(seq 120); do
    status=$(cf describe-stacks --stack-name "$1" --query 'Stacks[0].StackStatus' 2>/dev/null || echo gone)
    [[ "$status" == "$2" ]] && return 0
    [[ "$status" == *_IN_PROGRESS ]] || fail "stack $1 is $status (expected: $2)"
    sleep 0.5
  done
  fail "stack $1 did not reach $2"
}
tls_stack=$(cf create-stack --stack-name tls --template-body "file://$work/tls.yaml" --query StackId)
stack_settles tls CREATE_COMPLETE
cert=$(cf describe-stacks --stack-name tls --query 'Stacks[0].Outputs[0].OutputValue')
"$AWS" acm --endpoint-url "$ENDPOINT" --output text get-certificate --certificate-arn "$cert" \
  --query CertificateChain >"$work/chain.pem"
for host in www.e2e-tls.test api.e2e-tls.test; do
  body=$(curl -sS --max-time 10 --cacert "$work/chain.pem" --resolve "$host:$tls_port:127.0.0.1" \
    "https://$host:$tls_port/") || fail "curl https://$host with the private CA's chain failed"
  [[ "$body" == e2e-tls ]] || fail "https://$host answered: $body"
done
echo "https://www.e2e-tls.test and api.e2e-tls.test verified with get-certificate's chain"
cf delete-stack --stack-name tls
stack_settles "$tls_stack" DELETE_COMPLETE
[[ "$("$AWS" acm --endpoint-url "$ENDPOINT" --output text list-certificates \
  --includes keyTypes=RSA_2048 --query 'length(CertificateSummaryList)')" == 0 ]] || fail "the certificate is left"

echo "cloudformation: OK; create-stack to CREATE_COMPLETE ${create_ms} ms; update-stack ${failed}/${total} failed requests"
