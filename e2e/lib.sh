# Shared by the end-to-end scripts (sourced, not run): the AWS CLI v2 checks and environment, a work directory
# with the processes to stop on exit, and small helpers. The sourcing script sets -euo pipefail and cds to the root.

# A missing tool fails the run (exit 1): .ci/run installs them, so skipping would hide a broken machine.
AWS=/usr/bin/aws
[[ -x "$AWS" ]] || { echo "e2e: $AWS missing (expected: the AWS CLI v2, apt-get install awscli)" >&2; exit 1; }
[[ "$("$AWS" --version 2>&1)" == aws-cli/2.* ]] ||
  { echo "e2e: $AWS is $("$AWS" --version 2>&1) (expected: aws-cli/2.*)" >&2; exit 1; }
command -v curl >/dev/null || { echo "e2e: curl missing (expected: apt-get install curl)" >&2; exit 1; }
command -v python3 >/dev/null || { echo "e2e: python3 missing (expected: installed with awscli)" >&2; exit 1; }

free_port() { # address...: a TCP port that every given address could bind a moment ago (port 0 picks it)
  python3 - "$@" <<'PY'
import socket, sys
for _ in range(100):
    with socket.socket() as first:
        first.bind((sys.argv[1], 0))
        port = first.getsockname()[1]
        try:
            for address in sys.argv[2:]:
                with socket.socket() as other:
                    other.bind((address, port))
        except OSError:
            continue
    print(port)
    sys.exit(0)
sys.exit("e2e: no port free on all of " + " ".join(sys.argv[1:]))
PY
}

export AWS_PAGER="" AWS_ACCESS_KEY_ID=e2e AWS_SECRET_ACCESS_KEY=e2e AWS_DEFAULT_REGION=us-east-1
# Ports default to free ones, so the scripts never collide with a Ballast (or anything else) already running.
API_PORT="${E2E_API_PORT:-$(free_port 127.0.0.1)}"
ENDPOINT="http://127.0.0.1:$API_PORT"

# $work and $pids, stopped and removed on exit (shared with the bench scripts).
source bench/lib/processes.sh

fail() { echo "e2e: FAIL: $*" >&2; echo "--- server log" >&2; tail -50 "$work/server.log" >&2 || true; exit 1; }

wait_port() { # host port; up to 60 s: a JVM starting on a loaded machine (a CI run beside other builds took over 20 s)
  for _ in $(seq 1 600); do
    if (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; then return 0; fi
    sleep 0.1
  done
  fail "nothing listens on $1:$2"
}

await_healthy() { # target-group-arn count: new targets start "initial" and turn healthy after a passing check
  local healthy=0
  for _ in $(seq 1 60); do
    healthy=$("$AWS" elbv2 --endpoint-url "$ENDPOINT" --output text describe-target-health \
      --target-group-arn "$1" --query 'length(TargetHealthDescriptions[?TargetHealth.State==`healthy`])')
    [[ "$healthy" == "$2" ]] && return 0
    sleep 0.5
  done
  fail "$healthy of $2 targets healthy after 30 s"
}

elbv2() { "$AWS" elbv2 --endpoint-url "$ENDPOINT" --output text "$@"; }

build_s2_alb() { # target-port-1 target-port-2 [lb-name]: scenario S2's internal ALB, its listener (default action:
  # the empty invalid-target-group) and the priority-1 host rule for service-a.in.example.com to
  # service-a-target-group with the two targets. Sets s2_lb, s2_address (the ALB's internal address), s2_dns,
  # s2_port (E2E_S2_PORT, or one free on s2_address), s2_empty, s2_svc, s2_listener. Needs DNS_PORT (Ballast's DNS).
  s2_lb=$(elbv2 create-load-balancer --name "${3:-s2-internal-alb}" --scheme internal \
    --subnets subnet-0ba11a5700000000a subnet-0ba11a5700000000b --query 'LoadBalancers[0].LoadBalancerArn')
  s2_dns=$(elbv2 describe-load-balancers --load-balancer-arns "$s2_lb" --query 'LoadBalancers[0].DNSName')
  # As on AWS, an application load balancer shows no addresses: its DNS name, asked of Ballast's DNS, gives it.
  s2_address=$(dig @127.0.0.1 -p "$DNS_PORT" +short +tries=1 +time=5 "$s2_dns" A)
  [[ "$s2_address" =~ ^[0-9.]+$ ]] || fail "$s2_dns answered '$s2_address' (expected: one IPv4 address)"
  # The internal address is shared with other internal load balancers on this host: take a port free on it.
  s2_port="${E2E_S2_PORT:-$(free_port "$s2_address")}"
  s2_empty=$(elbv2 create-target-group --name invalid-target-group --protocol HTTP --port 80 --target-type ip \
    --query 'TargetGroups[0].TargetGroupArn')
  s2_svc=$(elbv2 create-target-group --name service-a-target-group --protocol HTTP --port 8080 --target-type ip \
    --health-check-path /application-status/health --healthy-threshold-count 2 --unhealthy-threshold-count 10 \
    --health-check-interval-seconds 5 --health-check-timeout-seconds 4 --query 'TargetGroups[0].TargetGroupArn')
  elbv2 register-targets --target-group-arn "$s2_svc" --targets "Id=127.0.0.1,Port=$1" "Id=127.0.0.1,Port=$2"
  s2_listener=$(elbv2 create-listener --load-balancer-arn "$s2_lb" --protocol HTTP --port "$s2_port" \
    --default-actions "Type=forward,TargetGroupArn=$s2_empty" --query 'Listeners[0].ListenerArn')
  elbv2 create-rule --listener-arn "$s2_listener" --priority 1 \
    --conditions Field=host-header,Values=service-a.in.example.com \
    --actions "Type=forward,TargetGroupArn=$s2_svc" >/dev/null
}

free_dns_port() { # a port free for both UDP and TCP on 127.0.0.1
  python3 - <<'PY'
import socket, sys
for _ in range(100):
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp:
        udp.bind(("127.0.0.1", 0))
        port = udp.getsockname()[1]
        try:
            with socket.socket() as tcp:
                tcp.bind(("127.0.0.1", port))
        except OSError:
            continue
    print(port)
    sys.exit(0)
sys.exit("e2e: no port free for UDP and TCP")
PY
}

# Tasks outlive a stopped server (the next start adopts them): stops every process whose working directory is under
# this run's $work (the process driver runs each task there).
stop_work_tasks() {
  for p in /proc/[0-9]*; do
    if [[ "$(readlink "$p/cwd" 2>/dev/null)" == "$work"/* ]]; then kill -9 "${p#/proc/}" 2>/dev/null || true; fi
  done
}
