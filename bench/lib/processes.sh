# Sourced by the bench scripts: a work directory ($work, created unless already set) and the processes the script
# started ($pids), all stopped by PID and the directory removed on exit.
work="${work:-$(mktemp -d)}"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
