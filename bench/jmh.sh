#!/usr/bin/env bash
# Builds and runs the JMH micro-benchmarks of ballast-bench (rule matching, target selection).
#
# Usage: bench/jmh.sh [JMH options] [benchmark regexp]
#   Defaults are short (1 fork, 3 x 1 s warm-up, 5 x 1 s measurement, as annotated); pass JMH options to change
#   them, e.g.  bench/jmh.sh -f 3 -wi 5 -i 10 RuleMatching   or   bench/jmh.sh -prof gc
#   bench/jmh.sh -h lists every JMH option.
# Results: the table on stdout and bench/results/jmh-<timestamp>.txt.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
command -v java >/dev/null 2>&1 || { echo "jmh: java not found (apt-get install -y openjdk-17-jdk-headless)" >&2; exit 3; }
(cd "$root" && ./mvnw -q -DskipTests -pl ballast-bench -am package) >&2
mkdir -p "$here/results"
log="$here/results/jmh-$(date -u +%Y%m%dT%H%M%SZ).txt"
java -jar "$root/ballast-bench/target/benchmarks.jar" "$@" | tee "$log"
