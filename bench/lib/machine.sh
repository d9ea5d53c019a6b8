#!/usr/bin/env bash
# Prints the machine and the versions of the benchmarked software as Markdown (for docs/benchmarks.md).
set -uo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
echo "- machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(free -g | awk '/^Mem:/ {print $2}') GiB memory, $(uname -sr)"
echo "- load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "- java: $(java -version 2>&1 | head -1)"
echo "- haproxy: $(haproxy -v 2>&1 | head -1)"
echo "- nginx: $(nginx -v 2>&1 | head -1)"
echo "- wrk: $(wrk -v 2>&1 | head -1)"
echo "- ballast: $(cd "$root" && git rev-parse --short HEAD 2>/dev/null)$(cd "$root" && git diff --quiet 2>/dev/null || echo ' (with uncommitted changes)')"
