#!/usr/bin/env bash
# End-to-end: seed 000's timeline with the AWS CLI v2 (`aws ecs`, `aws elbv2`) against `ballast server`, whose task
# driver runs the tasks: create a service of 3 tutum/hello-world tasks behind an application load balancer -> wait
# services-stable -> 3 healthy targets -> curl spreads over them -> stop-task under load (0 failed requests, a
# replacement) -> rolling deployment of a new revision under load (0 failed requests) -> update-service to 0 ->
# targets drained -> delete-service -> services-inactive -> delete the load balancer. Prints the figures. Exits non-zero on any failure.
# E2E_TASK_DRIVER=process (default: the tasks run tutum/hello-world, built in) or docker (the script starts its own
# dockerd, see e2e/docker-engine.sh, and the tasks are busybox containers serving a page with their hostname on port
# 80). Ports: E2E_API_PORT, E2E_LB_PORT, else free ones.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

source e2e/lib.sh
LB_PORT="${E2E_LB_PORT:-$(free_port 127.0.0.1)}"
DRIVER="${E2E_TASK_DRIVER:-process}"
elbv2() { "$AWS" elbv2 --endpoint-url "$ENDPOINT" --output text "$@"; }
ecs() { "$AWS" ecs --endpoint-url "$ENDPOINT" --output text "$@"; }
now_ms() { date +%s%3N; }

# Tasks outlive a stopped server (the next start adopts them); on exit stop those this run's server started.
stop_tasks() {
  for p in /proc/[0-9]*; do
    if [[ "$(readlink "$p/cwd" 2>/dev/null)" == "$work"/* ]]; then kill -9 "${p#/proc/}" 2>/dev/null || true; fi
  done
}
trap 'stop_tasks; cleanup' EXIT

./ballast --version >/dev/null # builds the jar once, before the timed parts
jar="$root/ballast-server/target/ballast.jar"
driver_args=(--task-driver "$DRIVER")
IMAGE=tutum/hello-world
COMMAND='[]'
if [[ "$DRIVER" == docker ]]; then
  source e2e/docker-engine.sh
  trap 'stop_tasks; stop_docker_engine; cleanup' EXIT
  driver_args+=(--docker-host "$DOCKER_ENGINE")
  IMAGE="$DOCKER_IMAGE"
  # A page like tutum/hello-world's, with the container's hostname (its id) as the task id; httpd is PID 1 and
  # has no SIGTERM handler, so the stop timeout is short.
  COMMAND='["sh", "-c", "mkdir -p /www && echo \"<span id=\\\"task-id\\\">$(hostname)</span>\" >/www/index.html && exec httpd -f -p 80 -h /www"]'
fi
java -jar "$jar" server --data-dir "$work/data" --api-port "$API_PORT" --public-address 127.0.0.1 --dns-port 0 \
  "${driver_args[@]}" >"$work/server.log" 2>&1 &
pids+=($!)
wait_port 127.0.0.1 "$API_PORT"

echo "== seed 000 with the $DRIVER driver: hello-world-lb, hello-world-tg, hello-world-service (3 tasks of $IMAGE)"
tg=$(elbv2 create-target-group --name hello-world-tg --protocol HTTP --port 80 --target-type ip --vpc-id vpc-local \
  --health-check-interval-seconds 5 --healthy-threshold-count 2 --health-check-timeout-seconds 2 \
  --query 'TargetGroups[0].TargetGroupArn')
# AWS advises a short deregistration delay for services whose requests take under a second.
elbv2 modify-target-group-attributes --target-group-arn "$tg" \
  --attributes Key=deregistration_delay.timeout_seconds,Value=5 >/dev/null
lb=$(elbv2 create-load-balancer --name hello-world-lb --subnets subnet-0ba11a5700000000a subnet-0ba11a5700000000b \
  --query 'LoadBalancers[0].LoadBalancerArn')
elbv2 create-listener --load-balancer-arn "$lb" --protocol HTTP --port "$LB_PORT" \
  --default-actions "Type=forward,TargetGroupArn=$tg" >/dev/null
cat >"$work/td.json" <<JSON
{"family": "hello-world", "networkMode": "awsvpc", "requiresCompatibilities": ["FARGATE"], "cpu": "256",
 "memory": "512", "containerDefinitions": [{"name": "hello-world", "image": "$IMAGE", "essential": true,
 "command": $COMMAND, "stopTimeout": 2, "portMappings": [{"containerPort": 80, "protocol": "tcp"}]}]}
JSON
td=$(ecs register-task-definition --cli-input-json "file://$work/td.json" \
  --query 'taskDefinition.taskDefinitionArn')
start=$(now_ms)
ecs create-service --service-name hello-world-service --task-definition "$td" --desired-count 3 \
  --launch-type FARGATE --network-configuration 'awsvpcConfiguration={subnets=[subnet-0ba11a5700000000a],assignPublicIp=ENABLED}' \
  --load-balancers "targetGroupArn=$tg,containerName=hello-world,containerPort=80" >/dev/null
await_healthy "$tg" 3
healthy_ms=$(( $(now_ms) - start ))
echo "create-service to 3 healthy targets: $healthy_ms ms"
ecs wait services-stable --services hello-world-service || fail "services-stable did not succeed"
ips=$(ecs describe-tasks --tasks $(ecs list-tasks --service-name hello-world-service --query 'taskArns[]') \
  --query 'tasks[].attachments[].details[?name==`privateIPv4Address`].value[]')
echo "task addresses: $ips"
[[ $(wc -w <<<"$ips") == 3 ]] || fail "expected 3 task addresses, got: $ips"

dns=$(elbv2 describe-load-balancers --names hello-world-lb --query 'LoadBalancers[0].DNSName')
seen=""
for _ in $(seq 1 9); do # by the load balancer's DNS name, which resolves to loopback (*.localhost)
  body=$(curl -fsS "http://$dns:$LB_PORT/") || fail "curl through the listener failed"
  seen+="$(grep -o 'task-id">[0-9a-f]*' <<<"$body" | head -1 | cut -d'>' -f2) "
done
distinct=$(tr ' ' '\n' <<<"$seen" | sort -u | grep -c . || true)
echo "answers came from $distinct tasks"
[[ "$distinct" == 3 ]] || fail "9 requests reached $distinct tasks (expected: 3): $seen"

load() { # file: sequential requests until $work/stop-load exists; one line per request: the HTTP status
  while [[ ! -e "$work/stop-load" ]]; do
    curl -s -o /dev/null -w '%{http_code}\n' --max-time 5 "http://127.0.0.1:$LB_PORT/" >>"$1" || echo "000" >>"$1"
  done
}
count_failed() { grep -vc '^200$' "$1" || true; }

echo "== stop-task under load"
rm -f "$work/stop-load"; load "$work/stop.codes" & loader=$!
victim=$(ecs list-tasks --service-name hello-world-service --query 'taskArns[0]')
ecs stop-task --task "$victim" --reason "e2e: stop one task under load" >/dev/null
ecs wait tasks-stopped --tasks "$victim" || fail "the stopped task did not reach STOPPED"
ecs wait services-stable --services hello-world-service || fail "no replacement for the stopped task"
await_healthy "$tg" 3
touch "$work/stop-load"; wait "$loader"
stop_failed=$(count_failed "$work/stop.codes"); stop_total=$(wc -l <"$work/stop.codes")
echo "stop-task: $stop_failed failed of $stop_total requests"
[[ "$stop_failed" == 0 ]] || fail "requests failed during stop-task: $(sort "$work/stop.codes" | uniq -c)"
reason=$(ecs describe-tasks --tasks "$victim" --query 'tasks[0].[stopCode,stoppedReason]')
echo "stopped task: $reason"
grep -q UserInitiated <<<"$reason" || fail "stopCode of the stopped task: $reason (expected: UserInitiated)"

echo "== rolling deployment of a new revision under load"
td2=$(ecs register-task-definition --cli-input-json "file://$work/td.json" \
  --query 'taskDefinition.taskDefinitionArn')
rm -f "$work/stop-load"; load "$work/deploy.codes" & loader=$!
deploy_start=$(now_ms)
ecs update-service --service hello-world-service --task-definition "$td2" >/dev/null
ecs wait services-stable --services hello-world-service || fail "the deployment did not complete"
deploy_ms=$(( $(now_ms) - deploy_start ))
touch "$work/stop-load"; wait "$loader"
deploy_failed=$(count_failed "$work/deploy.codes"); deploy_total=$(wc -l <"$work/deploy.codes")
echo "rolling deployment: $deploy_failed failed of $deploy_total requests, $deploy_ms ms"
[[ "$deploy_failed" == 0 ]] || fail "requests failed during the deployment: $(sort "$work/deploy.codes" | uniq -c)"
running_td=$(ecs describe-tasks --tasks $(ecs list-tasks --service-name hello-world-service --query 'taskArns[]') \
  --query 'tasks[].taskDefinitionArn' | tr '\t' '\n' | sort -u)
[[ "$running_td" == "$td2" ]] || fail "after the deployment tasks run $running_td (expected: $td2)"

echo "== scale to 0, delete"
ecs update-service --service hello-world-service --desired-count 0 >/dev/null
ecs wait services-stable --services hello-world-service || fail "scale to 0 did not settle"
for _ in $(seq 1 100); do
  left=$(elbv2 describe-target-health --target-group-arn "$tg" --query 'length(TargetHealthDescriptions)')
  [[ "$left" == 0 ]] && break
  sleep 0.2
done
[[ "$left" == 0 ]] || fail "$left targets left after scaling to 0"
ecs delete-service --service hello-world-service >/dev/null
ecs wait services-inactive --services hello-world-service || fail "services-inactive did not succeed"
elbv2 delete-load-balancer --load-balancer-arn "$lb"
elbv2 delete-target-group --target-group-arn "$tg"
events=$(ecs describe-services --services hello-world-service --query 'services[0].events[].message' --output json)
for expected in "has started 3 tasks" "registered 3 targets in (target-group" "has reached a steady state"; do
  grep -qF "$expected" <<<"$events" || fail "no service event with \"$expected\": $events"
done
echo "ecs ($DRIVER): OK; create-service to 3 healthy targets ${healthy_ms} ms; stop-task ${stop_failed}/${stop_total} \
failed; rolling deployment ${deploy_failed}/${deploy_total} failed in ${deploy_ms} ms"
