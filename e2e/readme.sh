#!/usr/bin/env bash
# Walks README.md as a new user does: `./ballast demo` is started and left running (as in a first terminal),
# then every further ```sh block of the README runs in order in one shell (a second terminal), exactly as written.
# Fails at the first command that fails, or when an answer the README promises is missing. `./mvnw verify`, the
# README's other set-up command, is what CI runs anyway and is not repeated here.
#
# The labels example needs a Docker engine with the `redis` and `busybox` images: the walk gets one of its own
# (e2e/docker-engine.sh, its socket as DOCKER_HOST) where e2e/redis-image.sh's localhost/redis and the imported
# localhost/busybox are tagged `redis` and `busybox`, since no registry is reachable.
#
# Needs: /usr/bin/aws (Debian's awscli), curl, dig (dnsutils), redis-cli (redis-tools), dockerd and docker
# (docker.io), busybox (busybox-static), ip (iproute2), and the README's ports free: 8080, 8090, 8095, 8096, 9400,
# 9500, 1053, 6379, 16379, 18001, 8000-8082.
set -euo pipefail
cd "$(dirname "$0")/.."

work="$(mktemp -d)"
demo=""
engine=""
cleanup() {
  [[ -n "$demo" ]] && kill "$demo" 2>/dev/null && wait "$demo" 2>/dev/null || true
  [[ -z "$engine" ]] || stop_docker_engine
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "readme: FAIL: $*" >&2; echo "--- walk output" >&2; cat "$work/walk.log" >&2 || true; exit 1; }

command -v redis-cli >/dev/null ||
  { echo "readme: redis-cli missing (expected: apt-get install redis-tools)" >&2; exit 1; }
source e2e/docker-engine.sh
engine="$DOCKER_ENGINE"
e2e/redis-image.sh -H "$engine" >/dev/null
docker -H "$engine" tag localhost/redis redis
docker -H "$engine" tag "$DOCKER_IMAGE" busybox

./ballast --version >/dev/null # builds the jar first when needed, so that the wait below is the demo's own
./ballast demo >"$work/demo.log" 2>&1 &
demo=$!
# The demo prints its instructions once its three tasks are healthy targets.
for _ in $(seq 1 1200); do grep -q "Press Ctrl-C" "$work/demo.log" && break; sleep 0.1; done
grep -q "Press Ctrl-C" "$work/demo.log" || fail "the demo did not start: $(cat "$work/demo.log")"

# Every ```sh block after the first (the set-up commands), in order, as one script.
python3 - README.md >"$work/walk.sh" <<'PY'
import re, sys
blocks = re.findall(r"```sh\n(.*?)```", open(sys.argv[1]).read(), re.S)
print("set -euo pipefail")
print("\n".join(blocks[1:]))
print("wait")  # every command started with & has been stopped by the README's kill
PY
DOCKER_HOST="$engine" timeout 300 bash "$work/walk.sh" >"$work/walk.log" 2>&1 || fail "a README command failed (exit $?)"

grep -q 'task-id">task-1<' "$work/walk.log" || fail "the AWS CLI example's curl was not answered by task-1"
grep -Eq '^web +3/3 +tutum/hello-world +8095:80/http' "$work/walk.log" || fail "ballast service ls did not show web 3/3"
grep -Eq 'task-id">[0-9a-f]{32}<' "$work/walk.log" || fail "the service example's curl was not answered by a task"
grep -q '^web removed in' "$work/walk.log" || fail "ballast service rm did not remove web"
grep -Eq 'task-id">a[12]<' "$work/walk.log" || fail "the configuration file example was not answered by a1 or a2"
grep -q 'HTTP/1.1 503' "$work/walk.log" || fail "the unknown host did not get 503"
grep -Eq '^service-a\.in\.example\.com\.[[:space:]]+60[[:space:]]+IN[[:space:]]+CNAME[[:space:]]+internal-service-a-lb-' \
  "$work/walk.log" || fail "the DNS example's dig did not show the CNAME"
grep -Eq '^internal-service-a-lb-[0-9]+\.us-east-1\.elb\.localhost\.[[:space:]]+60[[:space:]]+IN[[:space:]]+A[[:space:]]+127\.0\.10\.' \
  "$work/walk.log" || fail "the DNS example's dig did not show the ALB's address"
python3 - "$work/walk.log" <<'PY' || fail "INCR hits through slb_redis_app did not answer 1 then 2"
import re, sys
sys.exit(0 if re.search(r"^1\n2\n", open(sys.argv[1]).read(), re.M) else 1)
PY
grep -Eq '^[0-9a-f]{12}$' "$work/walk.log" || fail "the labels example's curl was not answered by a container"
grep -Eq 'aliyun\.lb\.port_6379=tcp://slb_redis_app:6379 .* registered' "$work/walk.log" ||
  fail "ballast labels did not show the Redis container registered"
curl -s http://127.0.0.1:8080/ | grep -Eq 'task-id">[0-9a-f]{32}<' || fail "the demo stopped answering during the walk"
for port in 9500 1053 8090 8095 8096 6379 18001 8000 8081 8082; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then fail "port $port still open after the README's kill"; fi
done
kill "$demo" && wait "$demo" || true
demo=""
for port in 8080 9400; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then fail "port $port still open after the demo stopped"; fi
done
grep -q "ballast demo: stopped" "$work/demo.log" || fail "the demo did not stop cleanly: $(tail -5 "$work/demo.log")"
echo "readme: OK, every example of README.md worked in order beside the running demo"
