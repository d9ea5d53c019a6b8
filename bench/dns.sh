#!/usr/bin/env bash
# DNS benchmark: dnsperf against Ballast's DNS server and, in the same run, NSD (authoritative, from a zone file)
# and dnsmasq (--host-record answers), all serving the same names: 100 A records under bench.example.com plus
# NXDOMAIN questions (1 in 10). Each server is pinned to CPU 0 (Ballast: the whole JVM, one DNS event loop; NSD:
# server-count 1; dnsmasq is single-threaded); dnsperf runs on the other CPUs. Rounds alternate between the
# servers after a warm-up of each; prints every round and the ratios Ballast/NSD and Ballast/dnsmasq of queries per
# second and average latency (medians of the rounds).
#
#   bench/dns.sh [rounds (default 3)] [seconds per run (default 10)]
#
# Needs: dnsperf, nsd, dnsmasq (dnsmasq-base), /usr/bin/aws (AWS CLI v2), python3, taskset; Java 17 for Ballast.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

rounds="${1:-3}"
seconds="${2:-10}"
for tool in dnsperf nsd dnsmasq taskset python3 /usr/bin/aws; do
  command -v "$tool" >/dev/null || { echo "bench/dns.sh: $tool missing" >&2; exit 1; }
done
source bench/lib/processes.sh

free_port() { # free for UDP and TCP on 127.0.0.1
  python3 - <<'PY'
import socket
while True:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as u:
        u.bind(("127.0.0.1", 0)); port = u.getsockname()[1]
        try:
            with socket.socket() as t:
                t.bind(("127.0.0.1", port))
        except OSError:
            continue
    print(port); break
PY
}
await_answer() { # port
  for _ in $(seq 1 300); do
    dig @127.0.0.1 -p "$1" +tries=1 +time=1 host-1.bench.example.com A 2>/dev/null | grep -q "status: NOERROR" && return 0
    sleep 0.2
  done
  echo "bench/dns.sh: nothing answers on port $1" >&2
  tail -5 "$work"/*.log "$work"/nsd/*.log >&2 2>/dev/null || true
  exit 1
}
cpus="$(nproc)"
others="1-$((cpus - 1))"
[[ "$cpus" -ge 2 ]] || others=0

# The names, and the questions dnsperf asks (in order, repeated): 9 of 10 exist.
zone=bench.example.com
for i in $(seq 1 100); do echo "host-$i.$zone. 300 IN A 192.0.2.$i"; done >"$work/records"
python3 - "$work/queries" <<'PY'
import sys
with open(sys.argv[1], "w") as out:
    for i in range(1, 1001):
        name = f"host-{i % 100 + 1}.bench.example.com" if i % 10 else f"missing-{i}.bench.example.com"
        out.write(f"{name} A\n")
PY

# Ballast: the zone made through the Route 53 API.
./ballast --version >/dev/null # builds the jar once
api_port="$(free_port)" ballast_port="$(free_port)"
taskset -c 0 java @conf/jvm-server.options -jar ballast-server/target/ballast.jar server \
  --data-dir "$work/data" --api-port "$api_port" --dns-port "$ballast_port" --event-loops 1 \
  >"$work/ballast.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 300); do curl -s -o /dev/null "http://127.0.0.1:$api_port/ping" && break; sleep 0.2; done
export AWS_ACCESS_KEY_ID=bench AWS_SECRET_ACCESS_KEY=bench AWS_DEFAULT_REGION=us-east-1 AWS_PAGER=""
r53() { /usr/bin/aws route53 --endpoint-url "http://127.0.0.1:$api_port" --output text "$@"; }
zone_id=$(r53 create-hosted-zone --name "$zone" --caller-reference "bench-$$" --query HostedZone.Id)
python3 - "$work/records" >"$work/batch.json" <<'PY'
import json, sys
changes = []
for line in open(sys.argv[1]):
    name, ttl, _, rtype, value = line.split()
    changes.append({"Action": "UPSERT", "ResourceRecordSet": {"Name": name, "Type": rtype, "TTL": int(ttl),
                    "ResourceRecords": [{"Value": value}]}})
print(json.dumps({"Changes": changes}))
PY
r53 change-resource-record-sets --hosted-zone-id "$zone_id" --change-batch "file://$work/batch.json" >/dev/null

# NSD: the same names from a zone file.
nsd_port="$(free_port)"
mkdir -p "$work/nsd"
{
  echo "\$ORIGIN $zone."
  echo "@ 900 IN SOA ns.ballast.localhost. hostmaster.ballast.localhost. 1 7200 900 1209600 86400"
  echo "@ 172800 IN NS ns.ballast.localhost."
  cat "$work/records"
} >"$work/nsd/$zone.zone"
cat >"$work/nsd/nsd.conf" <<CONF
server:
  ip-address: 127.0.0.1
  port: $nsd_port
  server-count: 1
  username: ""
  chroot: ""
  zonesdir: "$work/nsd"
  database: ""
  zonelistfile: "$work/nsd/zone.list"
  xfrdfile: "$work/nsd/xfrd.state"
  pidfile: "$work/nsd/nsd.pid"
  logfile: "$work/nsd/nsd.log"
  verbosity: 0
  # NSD limits responses to 200/s per client network by default (RRL): off, as for the other servers.
  rrl-ratelimit: 0
  rrl-whitelist-ratelimit: 0
remote-control:
  control-enable: no
zone:
  name: $zone
  zonefile: $zone.zone
CONF
taskset -c 0 nsd -d -c "$work/nsd/nsd.conf" >"$work/nsd/stdout.log" 2>&1 &
pids+=($!)

# dnsmasq: the same names as host records, nothing forwarded.
dnsmasq_port="$(free_port)"
host_records=()
for i in $(seq 1 100); do host_records+=("--host-record=host-$i.$zone,192.0.2.$i"); done
taskset -c 0 dnsmasq --keep-in-foreground --no-resolv --no-hosts --no-poll --cache-size=0 \
  --listen-address=127.0.0.1 --bind-interfaces --port="$dnsmasq_port" --pid-file="$work/dnsmasq.pid" \
  --user="$(id -un)" --local="/$zone/" "${host_records[@]}" >"$work/dnsmasq.log" 2>&1 &
pids+=($!)

for port in "$ballast_port" "$nsd_port" "$dnsmasq_port"; do await_answer "$port"; done
# Every server gives the same answer to the same question.
for port in "$ballast_port" "$nsd_port" "$dnsmasq_port"; do
  got=$(dig @127.0.0.1 -p "$port" +short host-7.$zone A)
  [[ "$got" == 192.0.2.7 ]] || { echo "bench/dns.sh: port $port answered '$got' for host-7" >&2; exit 1; }
done

run() { # name port seconds: prints "qps avg_latency_us"
  taskset -c "$others" dnsperf -s 127.0.0.1 -p "$2" -d "$work/queries" -l "$3" -c 8 -q 200 >"$work/$1.out" 2>&1
  python3 - "$work/$1.out" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
qps = float(re.search(r"Queries per second:\s+([\d.]+)", text).group(1))
lat = float(re.search(r"Average Latency \(s\):\s+([\d.]+)", text).group(1)) * 1e6
lost = int(re.search(r"Queries lost:\s+(\d+)", text).group(1))
print(f"{qps:.0f} {lat:.0f} {lost}")
PY
}

servers=(ballast:$ballast_port nsd:$nsd_port dnsmasq:$dnsmasq_port)
for s in "${servers[@]}"; do run "${s%%:*}" "${s##*:}" 5 >/dev/null; done # warm-up (the JIT for Ballast)
declare -A qps lat
for r in $(seq 1 "$rounds"); do
  for s in "${servers[@]}"; do
    read -r q l lost < <(run "${s%%:*}" "${s##*:}" "$seconds")
    printf 'round %d %-8s %8d queries/s  avg latency %6d us  lost %d\n' "$r" "${s%%:*}" "$q" "$l" "$lost"
    qps[${s%%:*}]+="$q " lat[${s%%:*}]+="$l "
  done
done
python3 - "${qps[ballast]}" "${qps[nsd]}" "${qps[dnsmasq]}" "${lat[ballast]}" "${lat[nsd]}" "${lat[dnsmasq]}" <<'PY'
import statistics as st, sys
q = [st.median(map(float, a.split())) for a in sys.argv[1:4]]
l = [st.median(map(float, a.split())) for a in sys.argv[4:7]]
print(f"median queries/s: ballast {q[0]:.0f}, nsd {q[1]:.0f}, dnsmasq {q[2]:.0f}")
print(f"median avg latency us: ballast {l[0]:.0f}, nsd {l[1]:.0f}, dnsmasq {l[2]:.0f}")
print(f"ratio queries/s ballast/nsd {q[0]/q[1]:.2f}, ballast/dnsmasq {q[0]/q[2]:.2f}")
print(f"ratio latency ballast/nsd {l[0]/l[1]:.2f}, ballast/dnsmasq {l[0]/l[2]:.2f}")
PY
