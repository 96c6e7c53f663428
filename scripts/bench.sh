#!/usr/bin/env bash
# Runs one benchmark command (figures in docs/performance.md), building the jars first when missing.
#   scripts/bench.sh BENCHMARK [--help | options]
#   scripts/bench.sh --help                 this list
# Benchmarks:
#   hub         the local IoT Hub's capacity with wire-level devices: connections, method round trips,
#               twin patches per second, GROUP BY latency, heap
#   simulator   the fleet simulator's N real device agents in one JVM: connected, heap, connect times, threads
#   dispatch    a 10,000-device reboot rollout ticked by the real ticker against the local hub's throttles,
#               then an IoT Hub job on the same hub
#   cold-start  process start to first answered request: the packaged app in the local runner vs a bare JVM
#   ticks       one tick's wall time, Table requests and heap as the operation grows (10k to 1M devices, Azurite)
#   api         GET /api/operations/{id} latency under 50 pollers during a 100,000-device rollout vs paused (the
#               packaged app in the local runner, Azurite, the local hub)
# Each benchmark lists its own options: scripts/bench.sh hub --help
# Extra JVM options: BENCH_JAVA_OPTS="-Xmx1g" scripts/bench.sh simulator --count 1000
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
usage() { awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; }
case "${1:-}" in
  -h|--help|help) usage; exit 0 ;;
  '') usage >&2; exit 2 ;;
  hub|simulator|dispatch|cold-start|ticks|api) ;;
  *) echo "unknown benchmark '$1'" >&2; usage >&2; exit 2 ;;
esac
jar="$root/benchmarks/target/benchmarks.jar"
if [ ! -f "$jar" ] || [ ! -d "$root/functions/target/azure-functions/fleetops" ]; then
  echo "building (mvn -B -q package -DskipTests)..." >&2
  mvn -B -q package -DskipTests
fi
# shellcheck disable=SC2086
exec java ${BENCH_JAVA_OPTS:-} -jar "$jar" "$@"
