#!/usr/bin/env bash
# Measures one device agent as the service runs it: start-up (process start to "connected to the hub") and
# resident memory once settled, against the local hub on this machine, with the JDK's java and, when built
# (build-runtime.sh), the jlink runtime; each with the unit's JAVA_OPTS and with the JVM's defaults.
#
#   device-app/packaging/measure.sh [--runs N] [--settle SECONDS] [--opts "JVM OPTIONS"]...
#   (--opts: measure these option sets, with both runtimes, instead of the unit's and the defaults)
#
# Needs device-app/target/device-app.jar and local-hub/target/local-hub.jar (mvn -pl device-app,local-hub -am
# package). Binds the hub's ports 8883 and 8443: run it where no other hub is running (e.g. in a network
# namespace of its own). Prints one line per run and a median per variant.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
runs=3
settle=10
opt_sets=()
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs="$2"; shift 2 ;;
    --settle) settle="$2"; shift 2 ;;
    --opts) opt_sets+=("$2"); shift 2 ;;
    -h|--help) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "error: unknown argument '$1'; see --help" >&2; exit 2 ;;
  esac
done
jar="$root/device-app/target/device-app.jar"
hubjar="$root/local-hub/target/local-hub.jar"
for f in "$jar" "$hubjar"; do
  [ -f "$f" ] || { echo "error: $f not found; mvn -pl device-app,local-hub -am package" >&2; exit 2; }
done
unit_opts="$(sed -n 's/^Environment="JAVA_OPTS=\(.*\)"$/\1/p' "$here/fleetops-agent.service")"
work="$(mktemp -d "${TMPDIR:-/tmp}/fleetops-measure.XXXXXX")"
hub_pid=""
cleanup() { [ -z "$hub_pid" ] || kill "$hub_pid" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

java -Xmx256m -jar "$hubjar" --state-dir "$work/hub" --devices 1 >"$work/hub.log" 2>&1 &
hub_pid=$!
for _ in $(seq 1 600); do [ -f "$work/hub/local-hub.json" ] && break; sleep 0.1; done
[ -f "$work/hub/local-hub.json" ] || { echo "error: the local hub did not start:" >&2; cat "$work/hub.log" >&2; exit 1; }
sleep 1
cs="$(grep -o '"connectionString" *: *"[^"]*"' "$work/hub/local-hub.json" | head -1 | sed 's/.*: *"\(.*\)"/\1/')"
ca="$(grep -o '"caFile" *: *"[^"]*"' "$work/hub/local-hub.json" | head -1 | sed 's/.*: *"\(.*\)"/\1/')"
umask 077
cat >"$work/agent.conf" <<CONF
connection-string = $cs
ca-file = $ca
state-dir = $work/state
allow-unsigned = true
CONF

# One run: prints "<startup ms> <connect ms> <rss KiB> <peak rss KiB> <stop ms>".
measure() {
  local java="$1"; shift
  local log="$work/agent.log"
  # shellcheck disable=SC2068 # JAVA_OPTS split into words, as systemd does with $JAVA_OPTS
  "$java" $@ -jar "$jar" --config "$work/agent.conf" >"$log" 2>&1 &
  local pid=$!
  for _ in $(seq 1 600); do grep -qs " started" "$log" && break; sleep 0.1; done
  local line; line="$(grep " started: connected" "$log" || true)"
  [ -n "$line" ] || { echo "error: the agent did not connect:" >&2; cat "$log" >&2; kill "$pid"; return 1; }
  local connect startup
  connect="$(sed 's/.*in \([0-9]*\) ms,.*/\1/' <<<"$line")"
  startup="$(sed 's/.*, \([0-9]*\) ms after.*/\1/' <<<"$line")"
  sleep "$settle"
  local rss hwm
  rss="$(awk '/^VmRSS/ {print $2}' "/proc/$pid/status")"
  hwm="$(awk '/^VmHWM/ {print $2}' "/proc/$pid/status")"
  local t0; t0="$(date +%s%N)"
  kill -TERM "$pid"; wait "$pid" || true
  echo "$startup $connect $rss $hwm $(( ($(date +%s%N) - t0) / 1000000 ))"
}

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

[ ${#opt_sets[@]} -gt 0 ] || opt_sets=("$unit_opts" "")
variants=()
for o in "${opt_sets[@]}"; do variants+=("jdk|/usr/bin/java|$o"); done
if [ -x "$root/device-app/target/agent-runtime/bin/java" ]; then
  for o in "${opt_sets[@]}"; do variants+=("jlink|$root/device-app/target/agent-runtime/bin/java|$o"); done
fi
measure /usr/bin/java $unit_opts >/dev/null # warm-up: page cache, the hub's first TLS handshakes
for v in "${variants[@]}"; do
  IFS='|' read -r name java opts <<<"$v"
  : >"$work/results"
  for i in $(seq 1 "$runs"); do
    r="$(measure "$java" $opts)"
    echo "$name opts=[${opts:-JVM defaults}] run $i: startup_ms connect_ms rss_kib peak_rss_kib stop_ms = $r"
    echo "$r" >>"$work/results"
  done
  echo "MEDIAN $name opts=[${opts:-JVM defaults}]: startup $(cut -d' ' -f1 "$work/results" | median) ms," \
    "connect $(cut -d' ' -f2 "$work/results" | median) ms," \
    "RSS $(( $(cut -d' ' -f3 "$work/results" | median) / 1024 )) MiB," \
    "peak RSS $(( $(cut -d' ' -f4 "$work/results" | median) / 1024 )) MiB," \
    "stop $(cut -d' ' -f5 "$work/results" | median) ms"
done
