# Sourced by e2e scripts that need a Docker engine: starts a private dockerd (its own socket, data and exec roots
# under $work, its own bridge on a free 172.31.n.0/24, no iptables changes), imports busybox (from busybox-static)
# as localhost/busybox since no registry is reachable, and on exit stops dockerd by its PID and deletes the bridge.
# Sets DOCKER_ENGINE (unix:///...) and DOCKER_IMAGE. Needs dockerd, docker, busybox, ip (docker.io, busybox-static,
# iproute2): a missing one fails the run.
for tool in dockerd docker busybox ip; do
  command -v "$tool" >/dev/null || { echo "e2e: $tool missing (expected: apt-get install docker.io busybox-static iproute2)" >&2; exit 1; }
done
docker_dir="$work/docker"
mkdir -p "$docker_dir/rootfs/bin" "$docker_dir/rootfs/tmp"
docker_subnet=""
for _ in $(seq 1 100); do
  candidate="172.31.$((RANDOM % 234 + 16))"
  if ! ip -4 -o addr show | grep -q " $candidate\."; then docker_subnet="$candidate"; break; fi
done
[[ -n "$docker_subnet" ]] || { echo "e2e: no free 172.31.n.0/24 for the test bridge" >&2; exit 1; }
docker_bridge="bre2e${docker_subnet##*.}"
ip link add "$docker_bridge" type bridge
ip addr add "$docker_subnet.1/24" dev "$docker_bridge"
ip link set "$docker_bridge" up
DOCKER_ENGINE="unix:///run/ballast-e2e-$$.sock"
dockerd --host "$DOCKER_ENGINE" --data-root "$docker_dir/data" --exec-root "$docker_dir/exec" \
  --pidfile "$docker_dir/dockerd.pid" --iptables=false --ip6tables=false --bridge "$docker_bridge" \
  --fixed-cidr "$docker_subnet.0/24" >"$docker_dir/dockerd.log" 2>&1 &
dockerd_pid=$!
stop_docker_engine() {
  # Containers first (the server may have left some), then the engine by its PID, then what it leaves mounted.
  docker -H "$DOCKER_ENGINE" ps -aq 2>/dev/null | xargs -r docker -H "$DOCKER_ENGINE" rm -f >/dev/null 2>&1 || true
  kill "$dockerd_pid" 2>/dev/null || true
  for _ in $(seq 1 300); do kill -0 "$dockerd_pid" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$dockerd_pid" 2>/dev/null || true
  grep -o " $docker_dir[^ ]*" /proc/mounts | sort -r | xargs -r -n1 umount -l 2>/dev/null || true
  ip link del "$docker_bridge" 2>/dev/null || true
  rm -f "${DOCKER_ENGINE#unix://}"
}
for _ in $(seq 1 300); do
  docker -H "$DOCKER_ENGINE" version >/dev/null 2>&1 && break
  kill -0 "$dockerd_pid" 2>/dev/null || { cat "$docker_dir/dockerd.log" >&2; stop_docker_engine; exit 1; }
  sleep 0.1
done
docker -H "$DOCKER_ENGINE" version >/dev/null 2>&1 || { echo "e2e: dockerd did not answer" >&2; stop_docker_engine; exit 1; }
cp "$(command -v busybox)" "$docker_dir/rootfs/bin/busybox"
for applet in $(busybox --list); do
  [[ "$applet" == busybox ]] || ln -s busybox "$docker_dir/rootfs/bin/$applet"
done
DOCKER_IMAGE=localhost/busybox
tar -C "$docker_dir/rootfs" -c . | docker -H "$DOCKER_ENGINE" import - "$DOCKER_IMAGE" >/dev/null
