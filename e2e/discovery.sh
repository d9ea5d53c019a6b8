#!/usr/bin/env bash
# End-to-end, scenario S4's discovery (seed 003) with the AWS CLI v2 against `ballast server` (process driver): a
# Cloud Map private DNS namespace s4.local and service web (A and SRV records, custom health) built with
# `aws servicediscovery`, an ECS service of 3 tutum/hello-world tasks whose serviceRegistries name it (`aws ecs`),
# then `dig @127.0.0.1 -p <dns port> web.s4.local` answers exactly the tasks' addresses, `aws servicediscovery
# discover-instances` agrees, a stopped task leaves the answer and its replacement joins it; scale to 0, every
# instance deregistered, everything deleted. Exits non-zero on any failure.
# DiscoverInstances has the host prefix "data-": botocore sends it to data-127.0.0.1, which does not resolve. Newer
# CLIs honour AWS_DISABLE_HOST_PREFIX_INJECTION=true; Debian's 2.9 does not, so the script also names the API
# endpoint as the HTTP proxy for that call (the API accepts the absolute request target a proxy gets).
# Needs: /usr/bin/aws (AWS CLI v2), dig (dnsutils), curl, python3. Ports: E2E_API_PORT, E2E_DNS_PORT, else free ones.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

source e2e/lib.sh
command -v dig >/dev/null || { echo "e2e: dig missing (expected: apt-get install dnsutils)" >&2; exit 1; }
DNS_PORT="${E2E_DNS_PORT:-$(free_dns_port)}"
sd() { "$AWS" servicediscovery --endpoint-url "$ENDPOINT" --output text "$@"; }
discover() { # the ids of the instances DiscoverInstances answers, sorted, one line
  AWS_DISABLE_HOST_PREFIX_INJECTION=true HTTP_PROXY="$ENDPOINT" NO_PROXY="" no_proxy="" \
    "$AWS" servicediscovery --endpoint-url "$ENDPOINT" --output text discover-instances \
    --namespace-name s4.local --service-name web "$@" --query 'Instances[].InstanceId' | tr '\t' '\n' | sort | xargs
}
ecs() { "$AWS" ecs --endpoint-url "$ENDPOINT" --output text "$@"; }
ask() { dig @127.0.0.1 -p "$DNS_PORT" +tries=1 +time=5 "$@"; }
answer() { ask +short web.s4.local A | sort | xargs; }
task_ids() { ecs list-tasks --service-name web --desired-status RUNNING --query 'taskArns[]' | tr '\t' '\n' |
  sed 's|.*/||' | sort | xargs; }
task_ips() { # the addresses of the RUNNING tasks of service web, sorted, one line
  local arns
  arns=$(ecs list-tasks --service-name web --desired-status RUNNING --query 'taskArns[]')
  [[ -z "$arns" ]] && return 0
  # shellcheck disable=SC2086 # one argument per task ARN
  ecs describe-tasks --tasks $arns --query 'tasks[?lastStatus==`RUNNING`].containers[0].networkInterfaces[0].privateIpv4Address' |
    tr '\t' '\n' | sort | xargs
}
await() { # description command...: polls the command (0.5 s apart, 60 s at most) until it succeeds
  local what=$1
  shift
  for _ in $(seq 1 120); do
    if "$@"; then return 0; fi
    sleep 0.5
  done
  fail "$what after 60 s"
}

# Tasks outlive a stopped server (the next start adopts them); on exit stop those this run's server started.
stop_tasks() {
  for p in /proc/[0-9]*; do
    if [[ "$(readlink "$p/cwd" 2>/dev/null)" == "$work"/* ]]; then kill -9 "${p#/proc/}" 2>/dev/null || true; fi
  done
}
trap 'stop_tasks; cleanup' EXIT

./ballast --version >/dev/null # builds the jar once
jar="$root/ballast-server/target/ballast.jar"
java -jar "$jar" server --data-dir "$work/data" --api-port "$API_PORT" --dns-port "$DNS_PORT" \
  --public-address 127.0.0.1 --task-driver process >"$work/server.log" 2>&1 &
pids+=($!)
wait_port 127.0.0.1 "$API_PORT"
wait_port 127.0.0.1 "$DNS_PORT"

echo "== Cloud Map: namespace s4.local (a private hosted zone) and service web (A + SRV, TTL 10, custom health)"
op=$(sd create-private-dns-namespace --name s4.local --vpc vpc-local --creator-request-id "e2e-$$" \
  --query OperationId)
read -r status ns < <(sd get-operation --operation-id "$op" --query 'Operation.[Status, Targets.NAMESPACE]')
[[ "$status" == SUCCESS ]] || fail "create-private-dns-namespace: operation $status"
zone=$(sd get-namespace --id "$ns" --query 'Namespace.Properties.DnsProperties.HostedZoneId')
"$AWS" route53 --endpoint-url "$ENDPOINT" --output text get-hosted-zone --id "$zone" \
  --query 'HostedZone.[Name, Config.PrivateZone]'
read -r srv_id srv_arn < <(sd create-service --name web --namespace-id "$ns" \
  --dns-config 'RoutingPolicy=MULTIVALUE,DnsRecords=[{Type=A,TTL=10},{Type=SRV,TTL=10}]' \
  --health-check-custom-config FailureThreshold=1 --query 'Service.[Id, Arn]')
echo "namespace $ns (zone $zone), service $srv_id"

echo "== ECS: service web, 3 tutum/hello-world tasks, serviceRegistries -> $srv_arn"
cat >"$work/td.json" <<JSON
{"family": "web", "networkMode": "awsvpc", "requiresCompatibilities": ["FARGATE"], "cpu": "256", "memory": "512",
 "containerDefinitions": [{"name": "web", "image": "tutum/hello-world", "essential": true, "stopTimeout": 2,
 "portMappings": [{"containerPort": 80, "protocol": "tcp"}]}]}
JSON
ecs register-task-definition --cli-input-json "file://$work/td.json" --query 'taskDefinition.taskDefinitionArn'
ecs create-service --service-name web --task-definition web --desired-count 3 --launch-type FARGATE \
  --network-configuration 'awsvpcConfiguration={subnets=[subnet-0ba11a5700000000a],assignPublicIp=DISABLED}' \
  --service-registries "registryArn=$srv_arn,containerName=web,containerPort=80" \
  --query 'service.serviceRegistries[0].registryArn'

three_answered() { local ips; ips=$(task_ips); [[ $(wc -w <<<"$ips") == 3 && "$(answer)" == "$ips" ]]; }
await "dig answering the 3 running tasks" three_answered
echo "dig +short web.s4.local A: $(answer)"
out=$(ask web.s4.local A)
grep -q "flags: qr aa" <<<"$out" || fail "not authoritative: $out"
grep -Eq "^web\.s4\.local\.[[:space:]]+10[[:space:]]+IN[[:space:]]+A[[:space:]]" <<<"$out" || fail "TTL is not 10: $out"
srv=$(ask +short web.s4.local SRV)
echo "dig +short web.s4.local SRV:"
echo "$srv"
[[ $(wc -l <<<"$srv") == 3 ]] || fail "expected 3 SRV records: $srv"
target=$(head -1 <<<"$srv" | awk '{print $4}')
[[ -n "$(ask +short "$target" A)" ]] || fail "the SRV target $target has no A record"
[[ "$(discover)" == "$(task_ids)" ]] || fail "discover-instances answered $(discover), the tasks are $(task_ids)"
echo "discover-instances: $(discover)"
sd get-instance --service-id "$srv_id" --instance-id "$(task_ids | cut -d' ' -f1)" --output json \
  --query 'Instance.Attributes'

echo "== stop-task: the task leaves the answer, its replacement joins it"
gone_id=$(task_ids | cut -d' ' -f1)
gone_ip=$(sd get-instance --service-id "$srv_id" --instance-id "$gone_id" --query 'Instance.Attributes.AWS_INSTANCE_IPV4')
ecs stop-task --task "$gone_id" --reason "e2e: S4" >/dev/null
left() { ! grep -qw "$gone_ip" <<<"$(answer)"; }
await "the stopped task's address $gone_ip leaving the answer" left
replaced() { three_answered && ! grep -qw "$gone_id" <<<"$(task_ids)"; }
await "a replacement in the answer" replaced
echo "dig +short web.s4.local A: $(answer) ($gone_ip left)"
[[ "$(discover)" == "$(task_ids)" ]] || fail "discover-instances answered $(discover), the tasks are $(task_ids)"

echo "== scale to 0: every instance deregistered, then everything deleted"
ecs update-service --service web --desired-count 0 >/dev/null
empty() { [[ -z "$(answer)" && "$(sd list-instances --service-id "$srv_id" --query 'length(Instances)')" == 0 ]]; }
await "no instance left" empty
ecs delete-service --service web >/dev/null
if out=$(sd delete-namespace --id "$ns" 2>&1); then fail "deleting a namespace with a service succeeded"; fi
grep -q ResourceInUse <<<"$out" || fail "expected ResourceInUse, got: $out"
sd delete-service --id "$srv_id"
sd delete-namespace --id "$ns" >/dev/null
ask web.s4.local A | grep -q "status: REFUSED" || fail "the deleted namespace is still answered"
echo "e2e: discovery scenario S4 passed"
