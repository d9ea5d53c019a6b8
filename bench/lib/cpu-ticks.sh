# shellcheck shell=bash
# Sourced by the benchmarks that count CPU time per request.

# cpu_ticks PID [THREAD_PREFIX]: user + system CPU time in clock ticks of PID (all its threads), or only of its
# threads whose name starts with THREAD_PREFIX (e.g. ballast-proxy: the event loops, without the JIT compiler's
# threads, which keep compiling long after start on a loaded machine).
cpu_ticks() {
  if [[ -z "${2:-}" ]]; then
    sed 's/.*) //' "/proc/$1/stat" | awk '{print $12 + $13}'
    return
  fi
  local total=0 task
  for task in /proc/"$1"/task/*; do
    if [[ "$(cat "$task/comm" 2>/dev/null)" == "$2"* ]]; then
      total=$((total + $(sed 's/.*) //' "$task/stat" | awk '{print $12 + $13}')))
    fi
  done
  echo "$total"
}
