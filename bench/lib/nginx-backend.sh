#!/usr/bin/env bash
# write_nginx_backend <dir> <port>: writes <dir>/nginx.conf for the benchmarks' backend (NGINX, one worker, a 33-byte
# body, keep-alive) listening on 127.0.0.1:<port>, with its logs and temp files under <dir>. Start it with
#   nginx -p "<dir>/" -c "<dir>/nginx.conf" -g 'daemon off;' &
write_nginx_backend() {
  local dir=$1 port=$2
  mkdir -p "$dir/logs" "$dir/tmp"
  cat >"$dir/nginx.conf" <<CONF
worker_processes 1;
error_log logs/error.log warn;
pid logs/nginx.pid;
events { worker_connections 8000; }
http {
  access_log off;
  keepalive_requests 100000000;
  keepalive_timeout 300s;
  client_body_temp_path $dir/tmp;
  server {
    listen 127.0.0.1:$port;
    default_type text/plain;
    location / { return 200 "hello from the benchmark backend\n"; }
  }
}
CONF
}
