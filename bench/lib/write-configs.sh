#!/usr/bin/env bash
# Writes the backend, HAProxy, NGINX-proxy and Ballast configurations used by bench/run.sh into $1.
# All three proxies are configured alike: BENCH_THREADS (default 1) workers/threads/event loops, round robin, backend keep-alive.
set -euo pipefail
work=$1
backend=$2
P=${BENCH_PORT_BASE:-19000}
mkdir -p "$work/backend/logs" "$work/backend/tmp" "$work/proxy/logs" "$work/proxy/tmp" "$work/proxy/ptmp"
head -c 1048576 /dev/zero | tr '\0' 'x' >"$work/backend/1m.bin"
chmod -R a+rX "$work"

targets20_listen=""
targets20_haproxy=""
targets20_nginx=""
targets20_ballast=""
for i in $(seq 0 19); do
  port=$((P + 100 + i))
  targets20_listen+="    listen 127.0.0.1:$port;"$'\n'
  targets20_haproxy+="  server t$i 127.0.0.1:$port"$'\n'
  targets20_nginx+="    server 127.0.0.1:$port;"$'\n'
  targets20_ballast+="      - 127.0.0.1:$port"$'\n'
done

common_nginx_top="worker_processes ${BENCH_THREADS:-1};
error_log logs/error.log warn;
pid logs/nginx.pid;
events { worker_connections 8000; }"

cat >"$work/backend/nginx.conf" <<CONF
$common_nginx_top
http {
  access_log off;
  keepalive_requests 100000000;
  keepalive_timeout 300s;
  client_body_temp_path $work/backend/tmp;
  server {
    listen 127.0.0.1:$backend;
$targets20_listen
    default_type text/plain;
    location = /1m { alias $work/backend/1m.bin; }
    location / { return 200 "hello from the benchmark backend\n"; }
  }
}
CONF

cat >"$work/proxy/nginx.conf" <<CONF
$common_nginx_top
http {
  access_log off;
  keepalive_requests 100000000;
  keepalive_timeout 300s;
  client_body_temp_path $work/proxy/tmp;
  proxy_temp_path $work/proxy/ptmp;
  # stream what does not fit the memory buffers instead of spooling it to disk, as the other proxies do
  proxy_max_temp_file_size 0;
  upstream one { server 127.0.0.1:$backend; keepalive 512; keepalive_requests 100000000; }
  upstream twenty {
$targets20_nginx
    keepalive 512;
    keepalive_requests 100000000;
  }
  server {
    listen 127.0.0.1:$((P + 2));
    location / { proxy_pass http://one; proxy_http_version 1.1; proxy_set_header Connection ""; }
  }
  server {
    listen 127.0.0.1:$((P + 12));
    location / { proxy_pass http://twenty; proxy_http_version 1.1; proxy_set_header Connection ""; }
  }
}
CONF

cat >"$work/haproxy.cfg" <<CONF
global
  nbthread ${BENCH_THREADS:-1}
  maxconn 8000
defaults
  mode http
  option http-keep-alive
  http-reuse always
  timeout connect 10s
  timeout client 60s
  timeout server 60s
frontend one
  bind 127.0.0.1:$((P + 1))
  default_backend one
backend one
  balance roundrobin
  server s0 127.0.0.1:$backend
frontend twenty
  bind 127.0.0.1:$((P + 11))
  default_backend twenty
backend twenty
  balance roundrobin
$targets20_haproxy
CONF

# Ballast: one internal application load balancer, two listeners, round robin (the default algorithm).
cat >"$work/ballast.yaml" <<CONF
loadBalancers:
  - name: bench-alb
    type: application
    scheme: internal
    listeners:
      - protocol: HTTP
        port: $((P + 3))
        defaultAction:
          forward: one
      - protocol: HTTP
        port: $((P + 13))
        defaultAction:
          forward: twenty
targetGroups:
  - name: one
    protocol: HTTP
    port: $backend
    targets:
      - 127.0.0.1:$backend
  - name: twenty
    protocol: HTTP
    port: $((P + 100))
    targets:
$targets20_ballast
CONF
