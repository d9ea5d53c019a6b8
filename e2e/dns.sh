#!/usr/bin/env bash
# End-to-end, scenario S2 by name: the internal ALB with the host rule and an empty default target group (built
# with `aws elbv2`), a private hosted zone in.example.com and the CNAME service-a.in.example.com (TTL 60) to the
# ALB's DNS name (built with `aws route53`), then `dig @127.0.0.1 -p <dns port>` and a client that finds the service
# through Ballast's DNS (e2e/resolve-and-get.py, no --resolve or Host tricks) and gets service A.
# Needs: /usr/bin/aws (AWS CLI v2), dig (dnsutils), curl, python3. Ports are free ones unless given: E2E_API_PORT,
# E2E_DNS_PORT (UDP and TCP), E2E_S2_PORT (the ALB's listener on its internal address).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

source e2e/lib.sh
command -v dig >/dev/null || { echo "e2e: dig missing (expected: apt-get install dnsutils)" >&2; exit 1; }
DNS_PORT="${E2E_DNS_PORT:-$(free_dns_port)}"
target_ports=()
for i in 1 2; do target_ports[$i]=$(free_port 127.0.0.1); done
route53() { "$AWS" route53 --endpoint-url "$ENDPOINT" --output text "$@"; }
ask() { dig @127.0.0.1 -p "$DNS_PORT" +tries=1 +time=5 "$@"; }

./ballast --version >/dev/null # builds the jar once
jar="$root/ballast-server/target/ballast.jar"
java -jar "$jar" server --data-dir "$work/data" --api-port "$API_PORT" --dns-port "$DNS_PORT" \
  --public-address 127.0.0.1 >"$work/server.log" 2>&1 &
pids+=($!)
for i in 1 2; do
  java -Xmx64m -jar "$jar" hello --port "${target_ports[$i]}" --task-id "service-a-$i" >"$work/hello-$i.log" 2>&1 &
  pids+=($!)
done
wait_port 127.0.0.1 "$API_PORT"
wait_port 127.0.0.1 "$DNS_PORT"
for i in 1 2; do wait_port 127.0.0.1 "${target_ports[$i]}"; done

echo "== the internal ALB with the host rule (scenario S2)"
build_s2_alb "${target_ports[1]}" "${target_ports[2]}" service-a-lb
address=$s2_address alb_dns=$s2_dns S2_PORT=$s2_port svc=$s2_svc
echo "ALB $alb_dns on $address:$S2_PORT"

echo "== the ALB's own name: dig answers its internal address"
out=$(ask "$alb_dns" A)
grep -q "flags: qr aa" <<<"$out" || fail "the ALB's name was not answered authoritatively: $out"
[[ "$(ask +short "$alb_dns" A)" == "$address" ]] || fail "the ALB's name did not answer $address: $out"

echo "== the private hosted zone in.example.com and the CNAME (TTL 60)"
zone=$(route53 create-hosted-zone --name in.example.com --caller-reference "e2e-dns-$$" \
  --hosted-zone-config Comment="scenario S2",PrivateZone=true --vpc VPCRegion=us-east-1,VPCId=vpc-0example \
  --query 'HostedZone.Id')
zone="${zone#/hostedzone/}"
cat >"$work/cname.json" <<JSON
{"Comment": "service A by name", "Changes": [{"Action": "UPSERT", "ResourceRecordSet": {
  "Name": "service-a.in.example.com", "Type": "CNAME", "TTL": 60, "ResourceRecords": [{"Value": "$alb_dns"}]}}]}
JSON
change=$(route53 change-resource-record-sets --hosted-zone-id "$zone" --change-batch "file://$work/cname.json" \
  --query 'ChangeInfo.Id')
"$AWS" route53 --endpoint-url "$ENDPOINT" wait resource-record-sets-changed --id "$change"
route53 list-resource-record-sets --hosted-zone-id "$zone" --query 'ResourceRecordSets[].[Name,Type,TTL]'

echo "== dig service-a.in.example.com: the CNAME and the ALB's address"
out=$(ask service-a.in.example.com A)
echo "$out" | sed -n '/ANSWER SECTION/,/^$/p'
grep -q "flags: qr aa" <<<"$out" || fail "not authoritative: $out"
grep -Eq "^service-a\.in\.example\.com\.[[:space:]]+60[[:space:]]+IN[[:space:]]+CNAME[[:space:]]+$alb_dns\.$" <<<"$out" ||
  fail "no CNAME with TTL 60 to $alb_dns: $out"
grep -Eq "^$alb_dns\.[[:space:]]+60[[:space:]]+IN[[:space:]]+A[[:space:]]+$address$" <<<"$out" ||
  fail "no A $address for $alb_dns in the same answer: $out"
ask +tcp service-a.in.example.com A | grep -q "status: NOERROR" || fail "the same question over TCP failed"
ask nothing.in.example.com A | grep -q "status: NXDOMAIN" || fail "a missing name is not NXDOMAIN"
ask example.org A | grep -q "status: REFUSED" || fail "a name outside Ballast's zones is not REFUSED"

echo "== a client that resolves through Ballast's DNS gets service A"
await_healthy "$svc" 2
seen=""
for _ in 1 2 3 4; do
  body=$(python3 e2e/resolve-and-get.py 127.0.0.1 "$DNS_PORT" "http://service-a.in.example.com:$S2_PORT/" \
    2>"$work/resolve.log") || { cat "$work/resolve.log" >&2; fail "the client did not get service A by name"; }
  seen+="$(grep -o 'service-a-[0-9]' <<<"$body" | head -1) "
done
cat "$work/resolve.log"
echo "service A answers by name: $seen"
for t in service-a-1 service-a-2; do grep -q "$t" <<<"$seen" || fail "$t never answered"; done

echo "== errors come back as Route 53 error codes; the zone is deleted once empty"
if out=$(route53 delete-hosted-zone --id "$zone" 2>&1); then fail "deleting a zone with a CNAME succeeded"; fi
grep -q HostedZoneNotEmpty <<<"$out" || fail "expected HostedZoneNotEmpty, got: $out"
sed -i 's/"UPSERT"/"DELETE"/' "$work/cname.json"
route53 change-resource-record-sets --hosted-zone-id "$zone" --change-batch "file://$work/cname.json" >/dev/null
route53 delete-hosted-zone --id "$zone" >/dev/null
ask service-a.in.example.com A | grep -q "status: REFUSED" || fail "the deleted zone's name is still answered"
echo "e2e: DNS scenario S2 by name passed"
