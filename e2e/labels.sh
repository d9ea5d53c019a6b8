#!/usr/bin/env bash
# End-to-end: seed 004 (scenario S5) with the Docker labels provider. Starts its own dockerd (e2e/docker-engine.sh),
# builds localhost/redis (e2e/redis-image.sh) and runs `ballast server --docker-labels` against that engine, then
# drives it with `docker` and the AWS CLI v2 as users do:
# - Redis: a network load balancer with the Name tag slb_redis_app and, as seed 004 step 3 does, a TCP listener on
#   the front port; `docker run -p <host port>:6379 --label aliyun.lb.port_6379=tcp://slb_redis_app:<front port>
#   localhost/redis` -> `redis-cli INCR hits` through the load balancer answers 1 then 2 -> `docker stop` -> the
#   target drains and leaves describe-target-health; `ballast labels` shows it stopped, and after `docker rm` not
#   at all.
# - HTTP: an application load balancer web-lb with no listener; busybox httpd containers labelled
#   ballast.lb.port_80=http://web-lb:<front port> (the provider creates the listener and target group, tagged
#   ballast:created-by=docker-labels) -> curl gets the container's page -> 3 containers: requests spread over 3 ->
#   `docker kill` one under a sequential curl load (failed requests counted) -> the server killed by PID and started
#   again on the same data directory: the same targets, requests served again -> the last containers removed: the
#   created listener and target group are deleted.
# Prints the times from `docker run` to the first request served through the load balancer and from `docker stop`
# to `draining` and to the target gone. Exits non-zero on any failure; stops everything it started on exit.
# Ports: the front ports are 6379 and 80 when free (seed 004's and the label's), else free ones; the published
# Redis host port is always another free one, since the load balancer and the container's host port share this host.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

source e2e/lib.sh
command -v redis-cli >/dev/null ||
  { echo "e2e: redis-cli missing (expected: apt-get install redis-tools)" >&2; exit 1; }
now_ms() { date +%s%3N; }

port_or_free() { # preferred address...: the preferred TCP port when every address can bind it, else a free one
  if python3 - "$@" <<'PY'
import socket, sys
for address in sys.argv[2:]:
    with socket.socket() as probe:
        probe.bind((address, int(sys.argv[1])))
PY
  then echo "$1"; else shift; free_port "$@"; fi
}

./ballast --version >/dev/null # builds the jar once, before the timed parts
jar="$root/ballast-server/target/ballast.jar"
source e2e/docker-engine.sh
server=""
stop_server() { # by its PID; the containers keep running, as they would without Ballast
  [[ -n "$server" ]] || return 0
  kill "$server" 2>/dev/null || true
  wait "$server" 2>/dev/null || true
  server=""
}
loader=""
stop_load() { # the curl loop, when a check failed under load
  [[ -z "$loader" ]] || kill "$loader" 2>/dev/null || true
}
trap 'stop_load; stop_server; stop_docker_engine; cleanup' EXIT
dock() { docker -H "$DOCKER_ENGINE" "$@"; }
labels() { java -jar "$jar" labels --api-url "$ENDPOINT"; }

start_server() {
  java -jar "$jar" server --data-dir "$work/data" --api-port "$API_PORT" --public-address 127.0.0.1 --dns-port 0 \
    --docker-labels --docker-host "$DOCKER_ENGINE" >>"$work/server.log" 2>&1 &
  server=$!
  wait_port 127.0.0.1 "$API_PORT"
}

await() { # seconds description command...: polls the command every 0.1 s until it succeeds, else fails with the
  # description (and the states of $watched_tg's targets when that is set)
  local deadline=$(( $(now_ms) + $1 * 1000 )) what="$2"
  shift 2
  until "$@"; do
    if (( $(now_ms) >= deadline )); then
      [[ -n "${watched_tg:-}" ]] && what+="; targets now: $(target_states "$watched_tg")"
      fail "$what"
    fi
    sleep 0.1
  done
}

target_states() { # target-group-arn: "id:port=state" per target, sorted, on one line (aws elbv2)
  elbv2 describe-target-health --target-group-arn "$1" \
    --query 'TargetHealthDescriptions[].[Target.Id, Target.Port, TargetHealth.State]' |
    awk '{print $1 ":" $2 "=" $3}' | sort | tr '\n' ' '
}

target_states_now() { # target-group-arn: as target_states, with one DescribeTargetHealth request sent by curl, for
  # the timings: the AWS CLI takes seconds to start on a loaded machine, this takes milliseconds
  curl -fsS --max-time 5 "$ENDPOINT/" --data-urlencode Action=DescribeTargetHealth --data-urlencode Version=2015-12-01 \
    --data-urlencode "TargetGroupArn=$1" | python3 -c '
import sys, xml.etree.ElementTree as tree
ns = {"e": "http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/"}
rows = tree.fromstring(sys.stdin.read()).findall(".//e:TargetHealthDescriptions/e:member", ns)
print(" ".join(sorted(r.findtext("e:Target/e:Id", "", ns) + ":" + r.findtext("e:Target/e:Port", "", ns) + "="
                      + r.findtext("e:TargetHealth/e:State", "", ns) for r in rows)))'
}

e2e/redis-image.sh -H "$DOCKER_ENGINE"
REDIS_FRONT=$(port_or_free 6379 127.0.0.1 0.0.0.0)
REDIS_HOST_PORT=$(free_port 0.0.0.0)
while [[ "$REDIS_HOST_PORT" == "$REDIS_FRONT" ]]; do REDIS_HOST_PORT=$(free_port 0.0.0.0); done
WEB_FRONT=$(port_or_free 80 127.0.0.1)
echo "ports: API $API_PORT; Redis front $REDIS_FRONT, published host port $REDIS_HOST_PORT; web front $WEB_FRONT"
first_start=$(now_ms)
start_server
echo "server started: API up after $(( $(now_ms) - first_start )) ms"

echo "== seed 004: Redis behind slb_redis_app"
# ELBv2 names cannot hold "_": the load balancer is slb-redis-app, and the label finds it by its Name tag.
nlb=$(elbv2 create-load-balancer --name slb-redis-app --type network --subnets subnet-0ba11a5700000000a \
  --tags Key=Name,Value=slb_redis_app --query 'LoadBalancers[0].LoadBalancerArn')
redis_tg=$(elbv2 create-target-group --name redis-app --protocol TCP --port 6379 --target-type ip \
  --vpc-id vpc-local --health-check-interval-seconds 5 --health-check-timeout-seconds 2 --healthy-threshold-count 2 \
  --query 'TargetGroups[0].TargetGroupArn')
# A short deregistration delay, so that the stop below is measured in seconds (AWS's default is 300 s).
elbv2 modify-target-group-attributes --target-group-arn "$redis_tg" \
  --attributes Key=deregistration_delay.timeout_seconds,Value=5 >/dev/null
elbv2 create-listener --load-balancer-arn "$nlb" --protocol TCP --port "$REDIS_FRONT" \
  --default-actions "Type=forward,TargetGroupArn=$redis_tg" >/dev/null
lb_address=$(elbv2 describe-load-balancers --load-balancer-arns "$nlb" \
  --query 'LoadBalancers[0].AvailabilityZones[0].LoadBalancerAddresses[0].IpAddress')
[[ "$lb_address" =~ ^[0-9.]+$ ]] || fail "slb-redis-app has no address: $lb_address"
redis_ping() { [[ "$(redis-cli -h "$lb_address" -p "$REDIS_FRONT" PING 2>/dev/null)" == PONG ]]; }

run_start=$(now_ms)
redis=$(dock run -d -p "$REDIS_HOST_PORT:6379" --label "aliyun.lb.port_6379=tcp://slb_redis_app:$REDIS_FRONT" \
  localhost/redis)
await 30 "Redis was not reachable through slb_redis_app at $lb_address:$REDIS_FRONT" redis_ping
redis_served_ms=$(( $(now_ms) - run_start ))
echo "docker run to the first PONG through the load balancer: $redis_served_ms ms"
first=$(redis-cli -h "$lb_address" -p "$REDIS_FRONT" INCR hits)
second=$(redis-cli -h "$lb_address" -p "$REDIS_FRONT" INCR hits)
echo "redis-cli -h $lb_address -p $REDIS_FRONT INCR hits: $first, then $second"
[[ "$first" == 1 && "$second" == 2 ]] || fail "INCR hits answered $first then $second (expected: 1 then 2)"
echo "targets: $(target_states "$redis_tg")"
labels | tee "$work/labels.txt"
grep "${redis:0:12}" "$work/labels.txt" | grep -q registered ||
  fail "ballast labels does not show ${redis:0:12} registered"

stop_start=$(now_ms)
dock stop "$redis" >/dev/null
has_draining() { [[ "$(target_states_now "$redis_tg")" == *=draining* ]]; }
pool_empty() { [[ -z "$(target_states_now "$redis_tg")" ]]; }
redis_draining_ms=""
deadline=$(( $(now_ms) + 30000 ))
until pool_empty; do
  if [[ -z "$redis_draining_ms" ]] && has_draining; then redis_draining_ms=$(( $(now_ms) - stop_start )); fi
  (( $(now_ms) < deadline )) ||
    fail "the stopped Redis container is still a target after 30 s: $(target_states "$redis_tg")"
  sleep 0.1
done
redis_gone_ms=$(( $(now_ms) - stop_start ))
echo "docker stop to draining: ${redis_draining_ms:-not seen} ms; to the pool empty: $redis_gone_ms ms"
[[ -n "$redis_draining_ms" ]] || fail "the stopped Redis target was never seen draining"
left=$(target_states "$redis_tg")
[[ -z "$left" ]] || fail "aws elbv2 describe-target-health still lists $left after the stop"
echo "aws elbv2 describe-target-health: no targets left in redis-app"
# A stopped container is still listed, as stopped with no target; once removed it is not listed at all.
labels | tee "$work/labels.txt"
grep "${redis:0:12}" "$work/labels.txt" | grep -q 'target=- stopped$' ||
  fail "ballast labels does not show the stopped container ${redis:0:12} as stopped without a target"
dock rm "$redis" >/dev/null
gone_from_labels() { ! labels | grep -q "${redis:0:12}"; }
await 10 "ballast labels still lists the removed container ${redis:0:12}" gone_from_labels
echo "after docker rm: ${redis:0:12} is no longer listed by ballast labels"

echo "== HTTP: busybox httpd behind web-lb"
alb=$(elbv2 create-load-balancer --name web-lb --subnets subnet-0ba11a5700000000a subnet-0ba11a5700000000b --query 'LoadBalancers[0].LoadBalancerArn')
web() { # one container of the page that names it (its hostname, the short container id)
  dock run -d --label "ballast.lb.port_80=http://web-lb:$WEB_FRONT" --label ballast.lb.deregistration_delay=2 \
    localhost/busybox \
    sh -c 'mkdir -p /www && hostname >/www/index.html && exec httpd -f -p 80 -h /www'
}
page() { curl -fsS --max-time 5 "http://127.0.0.1:$WEB_FRONT/" 2>/dev/null; }
run_start=$(now_ms)
web1=$(web)
served_by_web1() { [[ "$(page)" == "${web1:0:12}" ]]; }
await 30 "web-lb did not serve ${web1:0:12}'s page on port $WEB_FRONT" served_by_web1
web_served_ms=$(( $(now_ms) - run_start ))
echo "docker run to the first page through the load balancer: $web_served_ms ms"
web_tg=$(elbv2 describe-listeners --load-balancer-arn "$alb" \
  --query "Listeners[?Port==\`$WEB_FRONT\`].DefaultActions[0].TargetGroupArn")
[[ "$web_tg" == arn:* ]] || fail "no listener on port $WEB_FRONT of web-lb forwards to a target group: $web_tg"
web_listener=$(elbv2 describe-listeners --load-balancer-arn "$alb" \
  --query "Listeners[?Port==\`$WEB_FRONT\`].ListenerArn")
for created in "$web_listener" "$web_tg"; do
  tag=$(elbv2 describe-tags --resource-arns "$created" \
    --query 'TagDescriptions[0].Tags[?Key==`ballast:created-by`].Value')
  [[ "$tag" == docker-labels ]] || fail "$created carries ballast:created-by=$tag (expected: docker-labels)"
done
echo "created by the provider, tagged ballast:created-by=docker-labels: listener HTTP:$WEB_FRONT -> $web_tg"

echo "== scale to 3 containers"
web2=$(web)
web3=$(web)
healthy_count() { elbv2 describe-target-health --target-group-arn "$web_tg" \
  --query 'length(TargetHealthDescriptions[?TargetHealth.State==`healthy`])'; }
three_healthy() { [[ "$(healthy_count)" == 3 ]]; }
watched_tg=$web_tg
await 30 "3 healthy targets in $web_tg" three_healthy
seen=""
for _ in $(seq 1 9); do seen+="$(page || echo failed) "; done
distinct=$(tr ' ' '\n' <<<"$seen" | grep -v failed | sort -u | grep -c . || true)
echo "9 requests answered by $distinct containers: $seen; targets: $(target_states "$web_tg")"
[[ "$distinct" == 3 ]] || fail "9 requests reached $distinct containers (expected: 3): $seen"

echo "== docker kill one container under a sequential load"
load() { # file: sequential requests until $work/stop-load exists; one line per request: "<start ms> <end ms>
  # <HTTP status>" (000: no answer). The client waits 15 s, longer than Ballast's 10 s connect timeout (ALB's), so
  # what is counted is Ballast's answer, not the client giving up.
  local code start
  while [[ ! -e "$work/stop-load" ]]; do
    start=$(now_ms)
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 15 "http://127.0.0.1:$WEB_FRONT/" || true)
    echo "$start $(now_ms) ${code:-000}" >>"$1"
  done
}
rm -f "$work/stop-load"; : >"$work/kill.codes"; load "$work/kill.codes" & loader=$!
lines_now() { wc -l <"$work/kill.codes"; }
more_lines() { (( $(lines_now) >= $1 )); }
await 10 "the load got no answers" more_lines 20
web3_ip=$(dock inspect -f '{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}' "$web3")
kill_at=$(now_ms)
dock kill "$web3" >/dev/null
left_routing() { ! target_states_now "$web_tg" | tr ' ' '\n' | grep -qxF "$web3_ip:80=healthy"; }
await 30 "the killed container ${web3:0:12} is still a healthy target" left_routing
removed_ms=$(( $(now_ms) - kill_at ))
after=$(( $(lines_now) + 50 ))
await 30 "the load stalled after the kill" more_lines "$after"
touch "$work/stop-load"; wait "$loader"; loader=""
kill_total=$(wc -l <"$work/kill.codes")
kill_failed=$(awk '$3 != 200' "$work/kill.codes" | wc -l)
removed_at=$(( kill_at + removed_ms ))
late_failed=$(awk -v r="$removed_at" '$3 != 200 && $1 >= r' "$work/kill.codes" | wc -l)
slowest=$(awk -v k="$kill_at" '$2 >= k {d = $2 - $1; if (d > m) m = d} END {print m + 0}' "$work/kill.codes")
echo "docker kill to the target out of the healthy set: $removed_ms ms; $kill_failed failed of $kill_total requests;" \
  "slowest answer after the kill: $slowest ms"
awk -v k="$kill_at" '$3 != 200 {print "  failed: " $3 " sent at kill" ($1 - k < 0 ? "" : "+") $1 - k " ms, after " \
  $2 - $1 " ms"}' "$work/kill.codes"
[[ "$late_failed" == 0 ]] || fail "$late_failed requests sent after the killed container left routing failed"
dock rm -f "$web3" >/dev/null

echo "== Ballast restarted while the containers run"
two_healthy() { [[ "$(healthy_count)" == 2 ]]; }
await 30 "2 healthy targets before the restart" two_healthy
before=$(target_states "$web_tg" | tr ' ' '\n' | grep '=healthy' | tr '\n' ' ')
stop_server
log_lines=$(wc -l <"$work/server.log")
restart_at=$(now_ms)
start_server
api_up_ms=$(( $(now_ms) - restart_at ))
answered() { page >/dev/null; }
await 30 "no page served through web-lb after the restart" answered
restart_served_ms=$(( $(now_ms) - restart_at ))
await 30 "2 healthy targets after the restart" two_healthy
after_restart=$(target_states "$web_tg" | tr ' ' '\n' | grep '=healthy' | tr '\n' ' ')
echo "healthy targets before the restart: $before; after: $after_restart"
[[ "$before" == "$after_restart" ]] || fail "the targets changed over the restart: $before -> $after_restart"
seen=""
for _ in $(seq 1 6); do seen+="$(page || echo failed) "; done
expected=$(printf '%s\n' "${web1:0:12}" "${web2:0:12}" | sort | tr '\n' ' ')
got=$(tr ' ' '\n' <<<"$seen" | grep . | sort -u | tr '\n' ' ')
[[ "$got" == "$expected" ]] || fail "after the restart 6 requests reached $got (expected: $expected)"
echo "after the restart: API up $api_up_ms ms, first page $restart_served_ms ms after the start; 6 requests" \
  "answered by $got"
# The restarted provider found its registrations in the engine's state: it deregistered nothing.
if tail -n +"$((log_lines + 1))" "$work/server.log" | grep -q 'docker-labels: deregistered'; then
  fail "the restarted server deregistered a running container: $(tail -n +"$((log_lines + 1))" "$work/server.log" |
    grep 'docker-labels: deregistered')"
fi
labels

echo "== the last containers removed: the provider's listener and target group go (deregistration delay 2 s)"
removed_at=$(now_ms)
dock rm -f "$web1" "$web2" >/dev/null
listener_gone() { [[ -z "$(elbv2 describe-listeners --load-balancer-arn "$alb" \
  --query "Listeners[?Port==\`$WEB_FRONT\`].ListenerArn")" ]]; }
await 30 "the listener the provider created on web-lb:$WEB_FRONT is still there" listener_gone
group_gone() { ! elbv2 describe-target-groups --target-group-arns "$web_tg" >/dev/null 2>"$work/tg.err" &&
  grep -q TargetGroupNotFound "$work/tg.err"; }
await 30 "the target group the provider created is still there" group_gone
cleaned_ms=$(( $(now_ms) - removed_at ))
echo "docker rm of the last containers to the created listener and target group deleted: $cleaned_ms ms"

echo "labels: OK; docker run to first served request: Redis $redis_served_ms ms, HTTP $web_served_ms ms; docker stop \
to draining $redis_draining_ms ms, to the target gone $redis_gone_ms ms (deregistration delay 5 s); docker kill under \
load: $kill_failed failed of $kill_total requests, out of routing after $removed_ms ms; restart: served again \
$restart_served_ms ms after the start (API up after $api_up_ms ms), same targets; created listener and group \
deleted $cleaned_ms ms after the last container"
