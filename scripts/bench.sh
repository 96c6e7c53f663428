#!/usr/bin/env bash
# Runs one benchmark command (figures in docs/performance.md), building the jars first when missing.
#   scripts/bench.sh hub|simulator|dispatch|cold-start [--help | options]
# Extra JVM options: BENCH_JAVA_OPTS="-Xmx1g" scripts/bench.sh simulator --count 1000
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
jar="$root/benchmarks/target/benchmarks.jar"
if [ ! -f "$jar" ] || [ ! -d "$root/functions/target/azure-functions/fleetops" ]; then
  echo "building (mvn -B -q package -DskipTests)..." >&2
  mvn -B -q package -DskipTests
fi
# shellcheck disable=SC2086
exec java ${BENCH_JAVA_OPTS:-} -jar "$jar" "$@"
