#!/usr/bin/env bash
# Builds a real Redis image, localhost/redis, without a registry: the host's /usr/bin/redis-server, the libraries
# `ldd` lists for it and the dynamic loader, at their own paths in a root filesystem that `docker import` turns
# into an image whose command is `redis-server --protected-mode no --bind 0.0.0.0` (reachable from other hosts,
# as the official image is). Then checks the image: runs a container, waits until `redis-cli PING` from the host
# to the container's address answers PONG, and removes it. Exits non-zero when any step fails.
#
# Usage: e2e/redis-image.sh <docker-cli-args>   e.g. e2e/redis-image.sh -H unix:///run/my-engine.sock
# Needs: docker (CLI), redis-server and redis-cli (redis-server, redis-tools), ldd (libc-bin).
set -euo pipefail

for tool in docker redis-server redis-cli ldd; do
  command -v "$tool" >/dev/null ||
    { echo "redis-image: $tool missing (expected: apt-get install docker.io redis-server redis-tools)" >&2; exit 1; }
done
docker_cli=(docker "$@")
image=localhost/redis
server="$(command -v redis-server)"
rootfs="$(mktemp -d)"
container=""
finish() {
  [[ -n "$container" ]] && "${docker_cli[@]}" rm -f "$container" >/dev/null 2>&1 || true
  rm -rf "$rootfs"
}
trap finish EXIT

# Every absolute path ldd prints (libraries after "=>", the loader on a line of its own), copied to the same path
# so the binary's interpreter and its search path find them; -L copies what a symlink names.
mkdir -p "$rootfs/usr/bin" "$rootfs/data" "$rootfs/tmp"
cp -L "$server" "$rootfs/usr/bin/redis-server"
ldd "$server" | grep -o '/[^ ]*' | sort -u | while read -r library; do
  mkdir -p "$rootfs$(dirname "$library")"
  cp -L "$library" "$rootfs$library"
done
chmod 1777 "$rootfs/tmp"
tar -C "$rootfs" -c . | "${docker_cli[@]}" import \
  --change 'WORKDIR /data' --change 'EXPOSE 6379' \
  --change 'CMD ["/usr/bin/redis-server", "--protected-mode", "no", "--bind", "0.0.0.0"]' \
  - "$image" >/dev/null

# The check: the image's own command starts Redis, and a client outside the container gets PONG.
container=$("${docker_cli[@]}" run -d "$image")
address=$("${docker_cli[@]}" inspect -f '{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}' "$container")
answer=""
for _ in $(seq 1 100); do
  answer=$(redis-cli -h "$address" -p 6379 PING 2>/dev/null || true)
  [[ "$answer" == PONG ]] && break
  [[ "$("${docker_cli[@]}" inspect -f '{{.State.Running}}' "$container")" == true ]] || break
  sleep 0.1
done
if [[ "$answer" != PONG ]]; then
  echo "redis-image: the container did not answer PING at $address:6379 (got: ${answer:-nothing}); its log:" >&2
  "${docker_cli[@]}" logs "$container" >&2 || true
  exit 1
fi
echo "redis-image: $image built from $server; a container answered PING with PONG at $address:6379"
