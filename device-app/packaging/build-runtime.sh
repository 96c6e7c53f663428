#!/usr/bin/env bash
# Optional: a trimmed Java runtime for the agent (jlink), instead of the whole JDK or JRE package.
#
#   device-app/packaging/build-runtime.sh [--jar device-app.jar] [--out DIR]   (default: device-app/target/agent-runtime)
#
# Modules are what jdeps finds in the shaded jar plus those the agent loads by name or as a provider, which
# jdeps cannot see (found with -Xlog:class+load on a connected agent): jdk.crypto.ec (TLS ECDHE, Ed25519 and
# P-256 manifest signatures), jdk.random (the SDK asks RandomGenerator for L32X64MixRandom; without it the
# agent exits at start), java.naming (the TLS host-name check) and jdk.net (socket options).
# On a device: copy DIR to /opt/fleetops/agent/runtime and point the unit at it with a drop-in
# (systemctl edit fleetops-agent):
#   [Service]
#   ExecStart=
#   ExecStart=/opt/fleetops/agent/runtime/bin/java $JAVA_OPTS -jar /opt/fleetops/agent/device-app.jar --config /etc/fleetops/agent.conf
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
jar="$here/../target/device-app.jar"
out="$here/../target/agent-runtime"
while [ $# -gt 0 ]; do
  case "$1" in
    --jar) [ $# -ge 2 ] || { echo "error: --jar needs a value" >&2; exit 2; }; jar="$2"; shift 2 ;;
    --out) [ $# -ge 2 ] || { echo "error: --out needs a value" >&2; exit 2; }; out="$2"; shift 2 ;;
    -h|--help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "error: unknown argument '$1'; see --help" >&2; exit 2 ;;
  esac
done
[ -f "$jar" ] || { echo "error: $jar not found; build it (mvn -pl device-app -am package) or pass --jar" >&2; exit 2; }
modules="$(jdeps --print-module-deps --ignore-missing-deps --multi-release 17 "$jar"),jdk.crypto.ec,jdk.random,java.naming,jdk.net"
rm -rf "$out"
jlink --add-modules "$modules" --strip-debug --no-man-pages --no-header-files --compress=2 --generate-cds-archive --output "$out"
echo "$out ($modules; $(du -sh "$out" | cut -f1))"
