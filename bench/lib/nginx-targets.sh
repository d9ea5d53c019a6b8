# Sourced by bench/target-loss.sh and bench/deregistration-loss.sh (not run): single-process NGINX targets.
#
# start_nginx_targets <work-dir> <port>...: starts one NGINX per port on 127.0.0.1, without a master process (so
# SIGKILL takes a whole target down), answering every request with "t<port>" on keep-alive connections. Appends
# each PID to the caller's arrays pids (to stop on exit) and target_pids (in port order), which it resets first.
start_nginx_targets() {
  local work=$1 port
  shift
  target_pids=()
  for port in "$@"; do
    mkdir -p "$work/t$port/logs"
    cat >"$work/t$port/nginx.conf" <<CONF
master_process off;
worker_processes 1;
pid $work/t$port/nginx.pid;
error_log $work/t$port/logs/error.log;
events { worker_connections 4096; }
http {
  access_log off;
  keepalive_requests 1000000;
  server { listen 127.0.0.1:$port; location / { return 200 "t$port\n"; } }
}
CONF
    nginx -p "$work/t$port/" -c "$work/t$port/nginx.conf" -g 'daemon off;' &
    pids+=($!)
    target_pids+=($!)
  done
}
