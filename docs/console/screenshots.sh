#!/usr/bin/env bash
# Takes the screenshots of docs/console.md: starts `ballast demo` on free ports, sends it some traffic so that the
# charts move, and has headless Chromium capture the console's main pages into docs/console/*.png. Stops the demo
# (by PID) and removes its temporary files when done.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
out="$root/docs/console"
tmp="$(mktemp -d)"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
port="$(free_port)"
api_port="$(free_port)"
api="http://127.0.0.1:$api_port"

"$root/ballast" demo --bind 127.0.0.1 --port "$port" --api-port "$api_port" >"$tmp/demo.log" 2>&1 &
demo=$!
traffic=""
cleanup() {
  [[ -n "$traffic" ]] && kill "$traffic" 2>/dev/null && wait "$traffic" 2>/dev/null
  kill "$demo" 2>/dev/null && wait "$demo" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT
deadline=$((SECONDS + 180))
until grep -q 'Ctrl-C' "$tmp/demo.log"; do
  kill -0 "$demo" 2>/dev/null || { cat "$tmp/demo.log" >&2; exit 1; }
  (( SECONDS < deadline )) || { echo "the demo did not start in 180 s" >&2; exit 1; }
  sleep 0.5
done

# steady traffic through the demo's load balancer, with a 404 now and then for the error chart
( while true; do curl -s -o /dev/null "http://127.0.0.1:$port/"; curl -s -o /dev/null "http://127.0.0.1:$port/"
    curl -s -o /dev/null "http://127.0.0.1:$port/missing"; sleep 0.05; done ) &
traffic=$!

export AWS_ACCESS_KEY_ID=demo AWS_SECRET_ACCESS_KEY=demo AWS_DEFAULT_REGION=us-east-1 AWS_PAGER=""
lb="$(/usr/bin/aws elbv2 describe-load-balancers --endpoint-url "$api" --names hello-world-lb \
  --query 'LoadBalancers[0].LoadBalancerArn' --output text)"
tg="$(/usr/bin/aws elbv2 describe-target-groups --endpoint-url "$api" --names hello-world-tg \
  --query 'TargetGroups[0].TargetGroupArn' --output text)"
enc() { python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=""))' "$1"; }

sleep 10 # let traffic build up a few seconds of counters before the first picture (no assertion depends on it)
shot() {
  /usr/bin/chromium --headless=new --no-sandbox --disable-gpu --disable-background-networking --hide-scrollbars \
    --user-data-dir="$tmp/profile" --window-size=1280,"$3" --virtual-time-budget=20000 \
    --screenshot="$out/$1.png" "$api/console/#/$2" 2>/dev/null
  echo "docs/console/$1.png"
}
shot load-balancers "load-balancers/$(enc "$lb")" 1250
shot target-group "target-groups/$(enc "$tg")" 1150
shot ecs "ecs" 1300
