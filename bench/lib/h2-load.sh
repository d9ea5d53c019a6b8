# Sourced by the HTTP/2 benchmarks (bench/h2.sh, bench/h2-cpu.sh) after e2e/lib.sh: the EC P-256 certificate both
# proxies present, the NGINX backend, a Ballast server with an HTTPS listener configured as a user would (AWS CLI),
# h2load runs, the CPU time of a process (bench/lib/cpu-ticks.sh) and $others, the CPUs other than the proxy's.
# Every process started is added to $pids (stopped on exit).

source bench/lib/cpu-ticks.sh

# The CPUs of the load (h2load) and the backend: every CPU but 0, where the proxy under test is pinned.
cpus="$(nproc)"
others="1-$((cpus - 1))"
if [[ "$cpus" -lt 2 ]]; then others=0; fi

# h2_certificate: $work/cert.pem and $work/key.pem (EC P-256, as an ACM import would carry it), and
# $work/haproxy.pem (both in one file, as HAProxy reads them).
h2_certificate() {
  openssl req -x509 -nodes -days 2 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -subj /CN=bench.example \
    -addext subjectAltName=DNS:bench.example -keyout "$work/key.pem" -out "$work/cert.pem" 2>/dev/null
  cat "$work/cert.pem" "$work/key.pem" >"$work/haproxy.pem"
}

# h2_backend CPUS: starts the NGINX backend (one worker, 200 with a short body, keep-alive) on CPUS; sets
# backend_port.
h2_backend() {
  backend_port=$(free_port 127.0.0.1)
  mkdir -p "$work/nginx"
  cat >"$work/nginx/nginx.conf" <<CONF
worker_processes 1;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  keepalive_requests 1000000;
  server { listen 127.0.0.1:$backend_port; location / { return 200 "hello from the backend\n"; } }
}
CONF
  taskset -c "$1" nginx -p "$work/nginx" -c "$work/nginx/nginx.conf" -g 'daemon off;' &
  pids+=($!)
  wait_port 127.0.0.1 "$backend_port"
}

# h2_ballast NAME JAR: starts JAR as `ballast server` pinned to CPU 0 with one event loop and the production JVM
# options (BALLAST_JAVA_OPTS replaces them), its own data directory and API port, then creates the HTTPS listener
# with the AWS CLI (ACM certificate, load balancer, target group with the backend, listener). Sets
# ballast_pid[NAME] (the JVM) and ballast_port[NAME] (the listener). Needs h2_certificate and h2_backend first.
declare -A ballast_pid ballast_port
h2_ballast() {
  local name=$1 jar=$2 api listener cert lb tg
  api=$(free_port 127.0.0.1)
  listener=$(free_port 127.0.0.1)
  # shellcheck disable=SC2086
  taskset -c 0 java ${BALLAST_JAVA_OPTS-@$root/conf/jvm-server.options} -jar "$jar" server \
    --data-dir "$work/data-$name" --api-port "$api" --public-address 127.0.0.1 --dns-port 0 --event-loops 1 \
    >"$work/server-$name.log" 2>&1 &
  pids+=($!)
  ballast_pid[$name]=$!
  ballast_port[$name]=$listener
  ENDPOINT="http://127.0.0.1:$api"
  wait_port 127.0.0.1 "$api"
  cert=$("$AWS" acm --endpoint-url "$ENDPOINT" --output text import-certificate \
    --certificate "fileb://$work/cert.pem" --private-key "fileb://$work/key.pem" --query CertificateArn)
  lb=$(elbv2 create-load-balancer --name h2-bench --subnets subnet-0ba11a5700000000a subnet-0ba11a5700000000b \
    --query 'LoadBalancers[0].LoadBalancerArn')
  tg=$(elbv2 create-target-group --name h2-bench-backend --protocol HTTP --port "$backend_port" --target-type ip \
    --query 'TargetGroups[0].TargetGroupArn')
  elbv2 register-targets --target-group-arn "$tg" --targets "Id=127.0.0.1,Port=$backend_port"
  elbv2 create-listener --load-balancer-arn "$lb" --protocol HTTPS --port "$listener" \
    --certificates "CertificateArn=$cert" --default-actions "Type=forward,TargetGroupArn=$tg" >/dev/null
  await_healthy "$tg" 1
  wait_port 127.0.0.1 "$listener"
}

# h2_run PORT SECONDS CPUS: h2load -c 10 -m 10 for SECONDS on CPUS against https://127.0.0.1:PORT/; prints
# "req/s mean-ms requests" (requests: those that succeeded). Fails when h2 was not negotiated or a request failed.
h2_run() {
  taskset -c "$3" h2load -D "$2" -c 10 -m 10 "https://127.0.0.1:$1/" 2>&1 | python3 -c '
import re, sys
text = sys.stdin.read()
ok = re.search(r"requests: (\d+) total, \d+ started, \d+ done, (\d+) succeeded, (\d+) failed", text)
rps = re.search(r"finished in [\d.]+s, ([\d.]+) req/s", text)
mean = re.search(r"time for request:\s+\S+\s+\S+\s+(\S+)", text)
proto = re.search(r"Application protocol: (\S+)", text)
if not (ok and rps and mean and proto) or proto.group(1) != "h2" or ok.group(3) != "0":
    sys.exit("h2load failed:\n" + text)
m = mean.group(1)
ms = float(m[:-2]) if m.endswith("ms") else float(m[:-2]) / 1000 if m.endswith("us") else float(m[:-1]) * 1000
print(rps.group(1), "%.2f" % ms, ok.group(2))
'
}


# h2_measure PORT SECONDS CPUS PID [THREAD_PREFIX]: h2_run while counting the CPU time of PID (or of its threads
# named THREAD_PREFIX*); prints "req/s mean-ms cpu-us-per-request".
h2_measure() {
  local before after result
  before=$(cpu_ticks "$4" "${5:-}")
  result=$(h2_run "$1" "$2" "$3")
  after=$(cpu_ticks "$4" "${5:-}")
  python3 - "$result" "$before" "$after" "$(getconf CLK_TCK)" <<'PY'
import sys
rps, mean, requests = sys.argv[1].split()
ticks = int(sys.argv[3]) - int(sys.argv[2])
print(rps, mean, "%.1f" % (ticks / int(sys.argv[4]) * 1e6 / max(int(requests), 1)))
PY
}
