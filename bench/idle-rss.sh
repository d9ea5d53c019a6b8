#!/usr/bin/env bash
# Resident memory (RSS, `ps -o rss`) of `ballast server` at rest and holding N idle keep-alive connections.
#
#   bench/idle-rss.sh [connections]      (default 10000)
#
# Starts a hello-world target and `ballast server --config` with one HTTP listener forwarding to it (free ports on
# 127.0.0.1), reads the server's RSS after start-up, then opens the connections from one Python process: each sends
# one GET on its keep-alive connection, reads the answer and stays open. RSS is read again with all of them idle.
# JVM options: those of ./ballast server (conf/jvm-server.options), or BALLAST_JAVA_OPTS when set. Everything this
# script starts is stopped by PID on exit.
set -euo pipefail
cd "$(dirname "$0")/.."
connections="${1:-10000}"
ulimit -n "$(ulimit -Hn)"   # the client and the server each hold one descriptor per connection

source bench/lib/processes.sh

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
await_line() { # file text
  for _ in $(seq 1 600); do grep -q "$2" "$1" && return 0; sleep 0.1; done
  echo "idle-rss: '$2' not seen in $1:" >&2; cat "$1" >&2; exit 1
}
rss_mb() { echo $(( $(ps -o rss= -p "$1") / 1024 )); }

target_port=$(free_port); lb_port=$(free_port)
./ballast hello --port "$target_port" --task-id t1 >"$work/hello.log" 2>&1 &
pids+=($!)
cat >"$work/lb.yaml" <<YAML
loadBalancers:
  - name: rss
    bindAddress: 127.0.0.1
    listeners: [{port: $lb_port, defaultAction: {forward: web}}]
targetGroups:
  - {name: web, port: 80, targets: [127.0.0.1:$target_port]}
YAML
./ballast server --config "$work/lb.yaml" >"$work/server.log" 2>&1 &
server=$!
pids+=("$server")
await_line "$work/server.log" "Press Ctrl-C"
await_line "$work/hello.log" "Press Ctrl-C"
curl -sf "http://127.0.0.1:$lb_port/" >/dev/null
sleep 5   # let start-up work (class loading, JIT of the first requests) settle before reading RSS at rest
echo "JVM: $(tr '\0' ' ' < /proc/$server/cmdline | sed 's/ -jar .*//')"
echo "at rest:                         RSS $(rss_mb "$server") MB"

python3 - "$lb_port" "$connections" "$work/ready" <<'PY' &
# Opens the connections 100 at a time (asyncio); each sends one GET, reads the whole answer and stays open, idle.
import asyncio, sys, time
port, n, ready = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]

async def one(gate, kept):
    async with gate:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(b"GET / HTTP/1.1\r\nHost: rss\r\n\r\n")
        head = await reader.readuntil(b"\r\n\r\n")
        length = int([l.split(b":")[1] for l in head.split(b"\r\n") if l.lower().startswith(b"content-length")][0])
        await reader.readexactly(length)
        kept.append(writer)

async def main():
    gate, kept, t0 = asyncio.Semaphore(100), [], time.monotonic()
    await asyncio.gather(*(one(gate, kept) for _ in range(n)))
    print(f"{len(kept)} connections open after {time.monotonic() - t0:.1f} s", flush=True)
    open(ready, "w").write(str(len(kept)))
    await asyncio.sleep(3600)

asyncio.run(main())
PY
pids+=($!)
for _ in $(seq 1 1800); do [[ -s "$work/ready" ]] && break; sleep 0.1; done
[[ -s "$work/ready" ]] || { echo "idle-rss: the client did not open $connections connections" >&2; exit 1; }
sleep 5
open=$(ss -Htn state established "( sport = :$lb_port )" | wc -l)
echo "with $(cat "$work/ready") idle keep-alive connections ($open established): RSS $(rss_mb "$server") MB"
