#!/usr/bin/env bash
# Runs FleetOps on this machine with no Azure subscription: Azurite, the local IoT Hub, simulated
# devices (FleetOps device apps) and the Functions back-end on http://localhost:7071/api.
# Uses `func start` when Azure Functions Core Tools is installed, otherwise the bundled local runner.
#   scripts/local-stack.sh [--devices N] [--port 7071]
# Ctrl-C stops everything this script started.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
devices=3
port=7071
while [ $# -gt 0 ]; do
  case "$1" in
    --devices) devices="${2:?--devices needs a number}"; shift 2 ;;
    --port) port="${2:?--port needs a number}"; shift 2 ;;
    -h|--help) sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown option $1 (try --help)" >&2; exit 2 ;;
  esac
done
case "$devices" in ''|*[!0-9]*) echo "--devices must be a whole number" >&2; exit 2 ;; esac

work="$root/.local-stack"
mkdir -p "$work/logs" "$work/devices"
pids=()
cleanup() {
  trap - INT TERM EXIT
  echo
  echo "stopping..."
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  scripts/azurite.sh stop "$work/azurite" || true
  echo "stopped."
}
trap cleanup INT TERM EXIT
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
wait_for() { # wait_for SECONDS DESCRIPTION COMMAND...
  local secs="$1" what="$2"; shift 2
  for _ in $(seq 1 $((secs * 5))); do "$@" && return 0; sleep 0.2; done
  echo "error: $what did not come up; logs are in $work/logs" >&2; exit 1
}

app="functions/target/azure-functions/fleetops"
if [ ! -f local-hub/target/local-hub.jar ] || [ ! -f device-app/target/device-app.jar ] \
   || [ ! -f local-runner/target/local-runner.jar ] || [ ! -d "$app" ]; then
  echo "building (first run)..."
  mvn -B -q install -DskipTests
fi

scripts/azurite.sh start "$work/azurite"
azurite_pid="$(cat "$work/azurite/azurite.pid")"

echo "starting the local IoT Hub with $devices devices..."
java -jar local-hub/target/local-hub.jar --state-dir "$work/hub" --devices "$devices" >"$work/logs/local-hub.log" 2>&1 &
pids+=($!)
wait_for 60 "the local hub" port_open 8443
wait_for 10 "local-hub.json" test -f "$work/hub/local-hub.json"

json() { node -e "const c=require(process.argv[1]); console.log($2)" "$work/hub/local-hub.json"; }
ca="$(json x 'c.caFile')"
service_cs="$(json x 'c.serviceConnectionString.replace("iothubowner","service").replace(/SharedAccessKey=[^;]*/, "SharedAccessKey=")')"
# The service policy's key is in the hub's policies file; the owner string is in local-hub.json.
service_cs="$(node -e '
  const p=require(process.argv[1]); const c=require(process.argv[2]);
  const s=p.find(x=>x.name==="service");
  console.log("HostName="+c.hostName+";SharedAccessKeyName=service;SharedAccessKey="+s.primaryKey);' \
  "$work/hub/policies.json" "$work/hub/local-hub.json")"
endpoint="$(json x 'c.serviceEndpoint')"

echo "starting $devices simulated devices..."
node -e 'const c=require(process.argv[1]); for (const d of c.devices) console.log(d.deviceId+" "+d.connectionString)' \
  "$work/hub/local-hub.json" | head -n "$devices" | while read -r id cs; do
  DEVICE_CONNECTION_STRING="$cs" nohup java -Xmx96m -jar device-app/target/device-app.jar --state-dir "$work/devices/$id" \
    --ca-file "$ca" --reboot-delay-seconds 3 >"$work/logs/$id.log" 2>&1 &
  echo $! >>"$work/devices/pids"
done
while read -r pid; do pids+=("$pid"); done <"$work/devices/pids"
rm -f "$work/devices/pids"

# The service SDK trusts only the JVM's trust store, so the back-end gets one with the hub's CA.
truststore="$work/truststore.p12"
rm -f "$truststore"
keytool -importcert -noprompt -alias local-hub-ca -file "$ca" -keystore "$truststore" -storetype PKCS12 \
  -storepass fleetops >/dev/null 2>&1
trust="-Djavax.net.ssl.trustStore=$truststore -Djavax.net.ssl.trustStorePassword=fleetops"
key="${FLEETOPS_FUNCTION_KEY:-$(node -e 'console.log(require("crypto").randomBytes(24).toString("base64url"))')}"
settings="$work/local.settings.json"
node -e '
  const [,file,cs,ep,trust]=process.argv;
  const s=require(process.cwd()+"/local.settings.sample.json");
  Object.assign(s.Values,{IOTHUB_CONNECTION_STRING:cs,IOTHUB_SERVICE_ENDPOINT:ep,PROGRESS_SCHEDULE:"0 */1 * * * *",
    "languageWorkers__java__arguments":trust});
  require("fs").writeFileSync(file, JSON.stringify(s,null,2), {mode:0o600});' "$settings" "$service_cs" "$endpoint" "$trust"

if command -v func >/dev/null 2>&1; then
  echo "starting the back-end with Azure Functions Core Tools..."
  cp "$settings" "$app/local.settings.json"
  (cd "$app" && exec func start --port "$port") >"$work/logs/backend.log" 2>&1 &
  key_note="(Core Tools does not check function keys locally)"
else
  echo "starting the back-end with the local runner (Core Tools not found)..."
  JAVA_TOOL_OPTIONS="$trust" java -jar local-runner/target/local-runner.jar --app "$app" --settings "$settings" \
    --port "$port" --function-key "$key" >"$work/logs/backend.log" 2>&1 &
  key_note=""
fi
pids+=($!)
wait_for 90 "the back-end" curl -fs -o /dev/null "http://127.0.0.1:$port/admin/host/status"

api="http://localhost:$port/api"
cat <<INFO

FleetOps is running.
  API:           $api
  Function key:  $key $key_note
  Devices:       device-001 ... device-$(printf %03d "$devices") (logs in $work/logs)
  Local hub:     $work/hub/local-hub.json
  Azurite:       blob http://127.0.0.1:10000 (pid $azurite_pid)

Try:
  curl -s -X POST -H "x-functions-key: $key" $api/devices/device-001/reboot
  curl -s -H "x-functions-key: $key" "$api/devices/device-001/status"
  curl -s -H "x-functions-key: $key" $api/progress      # after the timer's first run (every minute)

Ctrl-C stops everything.
INFO
wait "${pids[0]}"
