#!/usr/bin/env bash
# Runs FleetOps on this machine with no Azure subscription: Azurite, the local IoT Hub, a simulated
# fleet (one simulator JVM running N real device agents), an HTTPS server for firmware packages and the
# Functions back-end on http://localhost:7071/api (`func start` when Core Tools is installed, otherwise
# the bundled local runner). Waits until everything is healthy, then prints the URL, key and examples.
#   scripts/local-stack.sh [--devices N] [--port 7071] [--profile MIX] [--seed S] [--cors ORIGINS]
#                          [--demo [--keep] | --smoke]
#   scripts/local-stack.sh add-device ID     (against a running stack)
#   scripts/local-stack.sh add-firmware VERSION [SECURITY-VERSION]   (against a running stack)
#   --devices N     simulated devices (default 25)
#   --profile MIX   the simulator's misbehaving share (default failHealth=0.2: their self-test fails after
#                   updates); '' for an all-healthy fleet. See device-app.jar simulate --help
#   --cors ORIGINS  browser origins allowed to call the API, comma-separated (e.g. http://localhost:5173),
#                   passed to the back-end as func start --cors does
#   --demo          run scripts/smoke.sh, then the scripted scenario (reboot, aborted canary rollout,
#                   successful rollout) on a fresh stack, then stop; exit 0 only if everything passed
#   --keep          with --demo: keep the stack up afterwards, so the demo's report links keep working
#   --smoke         run only scripts/smoke.sh (the post-deploy checks) against the stack, then stop
#   add-device ID   register device ID in the running stack's hub; prints its connection string and the
#                   command that runs it (trusting the hub's CA and the stack's firmware signing key)
#   add-firmware V  build a package for version V, sign it with the stack's key (security version, default 1),
#                   register it in the firmware catalog, upload it and complete it; then it is `ready` to roll out
# The function key is kept in .local-stack/function-key (0600) and reused on restart; FLEETOPS_FUNCTION_KEY
# wins when set (and is then kept). Firmware packages are the same bytes for a version in every run.
# Ctrl-C stops everything this script started.
set -euo pipefail
# Everything this script and its processes create (keys, settings copies, the hub's state, logs) is the user's only:
# files 0600, directories 0700.
umask 077
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
devices=25
port=7071
profile="failHealth=0.2"
seed=7 # with failHealth=0.2 and 25 devices: device-009, -015, -016, -017 and -023 fail their self-test
demo=false
smoke=false
keep=false
cors=""
add_device=""
add_firmware=""
firmware_security_version=1
while [ $# -gt 0 ]; do
  case "$1" in
    add-device) add_device="${2:?add-device needs a device id}"; shift 2 ;;
    add-firmware)
      add_firmware="${2:?add-firmware needs a version, e.g. 2.1.0}"; shift 2
      if [ $# -gt 0 ] && [[ "$1" != -* ]]; then firmware_security_version="$1"; shift; fi ;;
    --cors) cors="${2:?--cors needs an origin, e.g. http://localhost:5173}"; shift 2 ;;
    --keep) keep=true; shift ;;
    --devices) devices="${2:?--devices needs a number}"; shift 2 ;;
    --port) port="${2:?--port needs a number}"; shift 2 ;;
    --profile) profile="${2?--profile needs a value}"; shift 2 ;;
    --seed) seed="${2:?--seed needs a number}"; shift 2 ;;
    --demo) demo=true; smoke=true; shift ;;
    --smoke) smoke=true; shift ;;
    -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
    *) echo "unknown option $1 (try --help)" >&2; exit 2 ;;
  esac
done
case "$devices" in ''|*[!0-9]*|0) echo "--devices must be a whole number from 1" >&2; exit 2 ;; esac
case "$port" in ''|*[!0-9]*) echo "--port must be a number" >&2; exit 2 ;; esac
if $keep && ! $demo; then echo "--keep goes with --demo (without --demo the stack stays up anyway)" >&2; exit 2; fi
case "$cors" in *[[:space:]]*) echo "--cors takes comma-separated origins without spaces" >&2; exit 2 ;; esac
package_port=8444
# Where events arrive locally (docs/rollouts.md, "Events"): a webhook receiver and an Event Grid topic stand-in.
webhook_port="${FLEETOPS_WEBHOOK_PORT:-7075}"
eventgrid_port="${FLEETOPS_EVENTGRID_PORT:-7076}"
# The firmware catalog's Blob storage: a second, blob-only Azurite over HTTPS, because devices download over HTTPS
# only (docs/firmware-catalog.md). The Functions host keeps the HTTP Azurite for its tables and queues.
catalog_port="${FIRMWARE_AZURITE_PORT:-10010}"
work="$root/.local-stack"
runner_jar="local-runner/target/local-runner.jar"
device_jar="device-app/target/device-app.jar"
stack_tool() { java -Xmx128m -cp "$runner_jar:$device_jar" dev.fleetops.runner.stack.StackTool "$@"; }

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# catalog_add API VERSION SECURITY-VERSION: a package for VERSION (the same bytes in every run), signed with the
# stack's key, registered in the catalog, uploaded through the link the catalog hands out, then completed, so
# FleetOps measures it. A version that is already `ready` with the same registration is left as it is.
catalog_add() {
  local api="$1" version="$2" secver="$3" file sha size signed body answer code url
  if ! [[ "$version" =~ ^[0-9A-Za-z][0-9A-Za-z.+_-]{0,63}$ ]]; then
    echo "error: '$version' is not a catalog version (letters, digits, '.', '+', '_', '-'; at most 64)" >&2; return 2
  fi
  case "$secver" in ''|*[!0-9]*) echo "error: the security version must be a whole number" >&2; return 2 ;; esac
  # Ready already (an earlier run kept its storage): keep it; a ready version's package is never replaced.
  answer="$(curl -sS -H "@$work/key-header" "$api/firmware/$version" || true)"
  if [ "$(node -e 'try{console.log(JSON.parse(process.argv[1]).state)}catch(e){}' "$answer")" = ready ]; then
    echo "firmware $version is already in the catalog (ready)"; return 0
  fi
  file="$work/packages/catalog-$version.bin"
  sha="$(java -Xmx64m -cp "$runner_jar" dev.fleetops.runner.stack.StackTool firmware-package --version "$version" --out "$file")"
  size="$(stat -c %s "$file")"
  # The manifest's expiry is part of what is signed, so a re-run signs anew; registering again then differs (409).
  signed="$(java -Xmx64m -jar "$device_jar" manifest sign --key "$work/signing/signing-key.pem" --version "$version" \
    --sha256 "$sha" --size "$size" --security-version "$secver")"
  body="$(node -e '
    const [,version,sha,size,signed]=process.argv;
    process.stdout.write(JSON.stringify(Object.assign({name:"FleetOps local image "+version,version,sha256:sha,
      sizeBytes:Number(size)}, JSON.parse(signed))));' "$version" "$sha" "$size" "$signed")"
  answer="$(curl -sS -w '\n%{http_code}' -X POST -H "@$work/key-header" -H 'content-type: application/json' \
    --data-binary "$body" "$api/firmware")"
  code="${answer##*$'\n'}"; answer="${answer%$'\n'*}"
  if [ "$code" = 409 ]; then
    # Registered before with other terms (a manifest signed at another time) and not ready: say what to do.
    echo "error: firmware $version is in the catalog but not ready: $answer" >&2
    echo "       delete it (an Admin call: DELETE $api/firmware/$version) and add it again" >&2; return 1
  fi
  if [ "$code" != 201 ] && [ "$code" != 200 ]; then
    echo "error: registering firmware $version answered $code: $answer" >&2; return 1
  fi
  url="$(node -e 'console.log(JSON.parse(process.argv[1]).upload.url)' "$answer")"
  # The upload link points at the HTTPS Azurite, whose certificate the hub's CA signed.
  curl -fsS --cacert "$work/hub/ca.pem" -X PUT -H 'x-ms-blob-type: BlockBlob' --data-binary "@$file" "$url" >/dev/null
  answer="$(curl -sS -w '\n%{http_code}' -X POST -H "@$work/key-header" "$api/firmware/$version/complete")"
  code="${answer##*$'\n'}"; answer="${answer%$'\n'*}"
  if [ "$code" != 200 ]; then
    echo "error: completing firmware $version answered $code: $answer" >&2; return 1
  fi
  echo "firmware $version is in the catalog: ready, sha256 $sha, $size bytes, security version $secver"
}
if [ -n "$add_firmware" ]; then
  if [ ! -s "$work/api-url" ] || [ ! -f "$work/key-header" ] || ! port_open "$catalog_port"; then
    echo "error: no running local stack (start scripts/local-stack.sh in another shell first)" >&2
    exit 1
  fi
  catalog_add "$(cat "$work/api-url")" "$add_firmware" "$firmware_security_version"
  exit $?
fi
if [ -n "$add_device" ]; then
  # Against the running stack: its hub holds the registry, its state directory the CA and the signing key.
  if [ ! -f "$work/hub/local-hub.json" ] || ! port_open 8443; then
    echo "error: no running local stack (start scripts/local-stack.sh in another shell first)" >&2
    exit 1
  fi
  mkdir -p "$work/devices"
  exec java -Xmx128m -cp "$runner_jar" dev.fleetops.runner.stack.StackTool add-device --hub-config "$work/hub/local-hub.json" \
    --id "$add_device" --signing-key "$work/signing/signing-key.pub.pem" --state-root "$work/devices" \
    --device-jar "$root/$device_jar"
fi

for p in 8883 8443 "$package_port" "$catalog_port" "$port" "${AZURITE_BLOB_PORT:-10000}" "${AZURITE_TABLE_PORT:-10002}"; do
  if port_open "$p"; then
    echo "error: port $p is in use (another local stack, a test run or Azurite?); stop it first" >&2
    exit 1
  fi
done

# The demo checks exact outcomes, so it starts from a fresh hub, fleet and storage; the function key and the runner's
# token signing key (console logins) are kept.
if $demo && [ -d "$work" ]; then
  find "$work" -mindepth 1 -maxdepth 1 ! -name function-key ! -name runner -exec rm -rf {} +
fi
mkdir -p "$work/logs" "$work/packages"
# A state directory from before the umask above may be wider; it holds keys and package URIs.
chmod 700 "$work"
chmod -R go-rwx "$work"
pids=()
cleanup() {
  local code=$?
  trap - INT TERM EXIT
  echo
  echo "stopping..."
  # Newest first: the back-end, the package server, the simulator (while the hub is still up, so its
  # device clients close cleanly), then the hub. Whatever ignores SIGTERM for 20 s gets SIGKILL.
  local i pid
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do
    pid="${pids[i]}"
    kill "$pid" 2>/dev/null || continue
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  scripts/azurite.sh stop "$work/azurite-catalog" || true
  scripts/azurite.sh stop "$work/azurite" || true
  rm -f "$work/api-url"
  # Every process started here has $work in its command line; none may outlive the script.
  if pgrep -f "$work/" >/dev/null; then
    echo "warning: still running after stop:" >&2
    pgrep -af "$work/" >&2 || true
  else
    echo "stopped; nothing left running."
  fi
  exit "$code"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP
wait_for() { # wait_for SECONDS DESCRIPTION COMMAND...
  local secs="$1" what="$2"; shift 2
  for _ in $(seq 1 $((secs * 5))); do "$@" && return 0; sleep 0.2; done
  echo "error: $what did not come up within $secs s; logs are in $work/logs" >&2; exit 1
}

app="functions/target/azure-functions/fleetops"
if [ ! -f local-hub/target/local-hub.jar ] || [ ! -f "$device_jar" ] || [ ! -f "$runner_jar" ] || [ ! -d "$app" ]; then
  echo "building (first run)..."
  mvn -B -q install -DskipTests
fi
scripts/azurite.sh start "$work/azurite"

echo "starting the local IoT Hub with $devices devices..."
rm -f "$work/hub/local-hub.json" # the hub rewrites it; never read a previous run's copy
java -Xmx256m -jar local-hub/target/local-hub.jar --state-dir "$work/hub" --devices "$devices" >"$work/logs/local-hub.log" 2>&1 &
pids+=($!)
wait_for 60 "the local hub" port_open 8443
wait_for 10 "local-hub.json" test -f "$work/hub/local-hub.json"
hub_config="$work/hub/local-hub.json"
ca="$work/hub/ca.pem"

# Devices install signed firmware only: a firmware signing key for this stack (the private half stays in
# $work/signing, owner-only; the devices get the public half). Kept across runs, like the devices' state.
signing="$work/signing"
if [ ! -f "$signing/signing-key.pem" ]; then
  java -Xmx64m -jar "$device_jar" manifest keygen --alg ed25519 --out "$signing" >"$work/logs/keygen.log" 2>&1
fi
chmod 600 "$signing/signing-key.pem"
sign_fields() { # sign_fields VERSION SHA256 SIZE SECURITY-VERSION: the signed fields to merge into a firmware object
  java -Xmx64m -jar "$device_jar" manifest sign --key "$signing/signing-key.pem" --version "$1" --sha256 "$2" \
    --size "$3" --security-version "$4" | node -e '
    const o=JSON.parse(require("fs").readFileSync(0,"utf8"));
    process.stdout.write(Object.entries(o).map(([k,v])=>JSON.stringify(k)+":"+JSON.stringify(v)).join(","));'
}

echo "starting the fleet simulator ($devices devices, profile '${profile:-all healthy}', seed $seed, signed firmware only)..."
java -Xmx256m -jar "$device_jar" simulate --count "$devices" --hub-config "$hub_config" --state-dir "$work/sim" \
  ${profile:+--profile "$profile"} --seed "$seed" --reboot-delay-seconds 2 --signing-key "$signing/signing-key.pub.pem" \
  >"$work/logs/simulator.log" 2>&1 &
pids+=($!)

# Firmware packages over HTTPS with the hub's certificate, which the devices already trust.
openssl pkcs12 -export -in "$work/hub/server.pem" -inkey "$work/hub/server-key.pem" -name packages \
  -out "$work/packages.p12" -passout pass:fleetops
java -Xmx64m -cp "$runner_jar" dev.fleetops.runner.stack.StackTool package-server --dir "$work/packages" --keystore "$work/packages.p12" --password fleetops \
  --port "$package_port" >"$work/logs/packages.log" 2>&1 &
pids+=($!)
# The same bytes (and SHA-256) for a version in every run: requests and manifests written down earlier stay valid.
fw_sha="$(java -Xmx64m -cp "$runner_jar" dev.fleetops.runner.stack.StackTool firmware-package --version 2.0.0 \
  --out "$work/packages/fw-2.0.0.bin")"
fw_signed="$(sign_fields 2.0.0 "$fw_sha" 262144 1)"
packages_url="https://127.0.0.1:$package_port"
# A fixed token for the Event Grid stand-in, new each start (the app may use one only for a topic on localhost).
events_token="local-$(node -e 'console.log(require("crypto").randomBytes(12).toString("hex"))')"
java -Xmx64m -cp "$runner_jar" dev.fleetops.runner.stack.StackTool events --webhook-port "$webhook_port" \
  --eventgrid-port "$eventgrid_port" --token "$events_token" >"$work/logs/events.log" 2>&1 &
pids+=($!)
AZURITE_BLOB_ONLY=1 AZURITE_BLOB_PORT="$catalog_port" AZURITE_CERT="$work/hub/server.pem" \
  AZURITE_KEY="$work/hub/server-key.pem" scripts/azurite.sh start "$work/azurite-catalog"
# Azurite's documented development account; its key is public (Azurite's README), not a secret of this stack.
azurite_key="Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="
catalog_cs="DefaultEndpointsProtocol=https;AccountName=devstoreaccount1;AccountKey=$azurite_key;BlobEndpoint=https://127.0.0.1:$catalog_port/devstoreaccount1;"

# The service SDK trusts only the JVM's trust store, so the back-end gets one with the hub's CA.
truststore="$work/truststore.p12"
rm -f "$truststore"
keytool -importcert -noprompt -alias local-hub-ca -file "$ca" -keystore "$truststore" -storetype PKCS12 \
  -storepass fleetops >/dev/null 2>&1
trust="-Djavax.net.ssl.trustStore=$truststore -Djavax.net.ssl.trustStorePassword=fleetops"
# The key: FLEETOPS_FUNCTION_KEY when set, else the one an earlier run kept, else a new one; kept for the next run.
if [ -n "${FLEETOPS_FUNCTION_KEY:-}" ]; then
  key="$FLEETOPS_FUNCTION_KEY"; key_origin="from FLEETOPS_FUNCTION_KEY; kept for the next start"
elif [ -s "$work/function-key" ]; then
  key="$(head -n 1 "$work/function-key")"; key_origin="the one kept from the last start"
else
  key="$(node -e 'console.log(require("crypto").randomBytes(24).toString("base64url"))')"; key_origin="new; kept for the next start"
fi
# The key travels in environment variables (readable by this user only), never on a command line (readable by every
# user in ps) or in a log; the file is for the user's shell: export FLEETOPS_FUNCTION_KEY=$(cat .local-stack/function-key)
printf '%s\n' "$key" >"$work/function-key.tmp" && mv "$work/function-key.tmp" "$work/function-key"
chmod 600 "$work/function-key"
printf 'x-functions-key: %s\n' "$key" >"$work/key-header" # for curl -H @file, as scripts/smoke.sh does
service_cs="$(node -e '
  const p=require(process.argv[1]); const c=require(process.argv[2]);
  const s=p.find(x=>x.name==="service");
  console.log("HostName="+c.hostName+";SharedAccessKeyName=service;SharedAccessKey="+s.primaryKey);' \
  "$work/hub/policies.json" "$hub_config")"
endpoint="$(node -e 'console.log(require(process.argv[1]).serviceEndpoint)' "$hub_config")"
settings="$work/local.settings.json"
node -e '
  const [,file,cs,ep,trust,catalog,grid,token]=process.argv;
  const s=require(process.cwd()+"/local.settings.sample.json");
  Object.assign(s.Values,{IOTHUB_CONNECTION_STRING:cs,IOTHUB_SERVICE_ENDPOINT:ep,PROGRESS_SCHEDULE:"0 */1 * * * *",
    ROLLOUT_SCHEDULE:"*/2 * * * * *","languageWorkers__java__arguments":"-Xmx384m "+trust,
    FIRMWARE_STORAGE_CONNECTION_STRING:catalog,FLEETOPS_EVENTGRID_ENDPOINT:grid,FLEETOPS_EVENTGRID_DEV_TOKEN:token});
  require("fs").writeFileSync(file, JSON.stringify(s,null,2), {mode:0o600});' "$settings" "$service_cs" "$endpoint" "$trust" "$catalog_cs" \
  "http://127.0.0.1:$eventgrid_port/api/events" "$events_token"

if command -v func >/dev/null 2>&1; then
  echo "starting the back-end with Azure Functions Core Tools..."
  # func start reads local.settings.json from the app folder. Run a copy of the staged app so the
  # generated settings (hub and storage keys) never land in functions/target, which deploy tools upload.
  rm -rf "$work/app" && cp -r "$app" "$work/app"
  cp "$settings" "$work/app/local.settings.json"
  (cd "$work/app" && exec func start --port "$port" ${cors:+--cors "$cors"}) >"$work/logs/backend.log" 2>&1 &
  key_note="(Core Tools does not check function keys locally)"
  smoke_flags=(--no-key-check)
else
  echo "starting the back-end with the local runner (Core Tools not found)..."
  FLEETOPS_FUNCTION_KEY="$key" JAVA_TOOL_OPTIONS="$trust" java -Xmx64m -jar "$runner_jar" --app "$app" --settings "$settings" \
    --port "$port" --state-dir "$work/runner" ${cors:+--cors "$cors"} >"$work/logs/backend.log" 2>&1 &
  key_note=""
  smoke_flags=()
fi
pids+=($!)

echo "waiting until the devices are connected and the back-end answers..."
stack_tool wait-devices --hub-config "$hub_config" --count "$devices" --timeout 120
wait_for 10 "the package server" port_open "$package_port"
wait_for 120 "the back-end" curl -fs -o /dev/null "http://127.0.0.1:$port/admin/host/status"
# A keyed API call that reaches Table storage proves the app, its settings and Azurite work together.
wait_for 60 "the back-end's API" curl -fs -o /dev/null -H "@$work/key-header" "http://127.0.0.1:$port/api/operations"

api="http://localhost:$port/api"
printf '%s\n' "$api" >"$work/api-url" # for add-firmware
# The firmware catalog holds the stack's 2.0.0 from the start, so the console and the examples can name it.
catalog_add "$api" 2.0.0 1 >"$work/logs/catalog.log" 2>&1 || {
  cat "$work/logs/catalog.log" >&2; echo "error: the firmware catalog did not take 2.0.0" >&2; exit 1; }
echo "the stack is up (${SECONDS} s)."
if $smoke; then
  # The post-deploy checks (docs/deploy.md) against this stack; their output must never show the key.
  echo "running scripts/smoke.sh..."
  smoke_log="$work/logs/smoke.log"
  if ! FLEETOPS_FUNCTION_KEY="$key" scripts/smoke.sh --api "$api" --device device-001 "${smoke_flags[@]}" 2>&1 | tee "$smoke_log"; then
    echo "error: scripts/smoke.sh failed (log: $smoke_log)" >&2
    exit 1
  fi
  if grep -qF -- "$key" "$smoke_log"; then
    echo "error: scripts/smoke.sh printed the function key" >&2
    exit 1
  fi
  # ... and it must be able to fail: with a wrong key the keyed checks get 401.
  if [ ${#smoke_flags[@]} -eq 0 ] && FLEETOPS_FUNCTION_KEY=not-the-key scripts/smoke.sh --api "$api" >"$work/logs/smoke-wrong-key.log" 2>&1; then
    echo "error: scripts/smoke.sh passed with a wrong function key" >&2
    exit 1
  fi
  $demo || exit 0
fi
# The key must not be in any log, and nothing under the state directory may be readable by others.
check_secrets() {
  if grep -rqF -- "$key" "$work/logs"; then
    echo "error: the function key appears in $(grep -rlF -- "$key" "$work/logs" | tr '\n' ' ')" >&2
    exit 1
  fi
  local open_files
  open_files="$(find "$work" \( -type f -o -type d \) -perm /077 -print 2>/dev/null | head -5)"
  if [ -n "$open_files" ]; then
    echo "error: readable by others under $work: $open_files" >&2
    exit 1
  fi
}
check_secrets
if $demo; then
  code=0
  FLEETOPS_FUNCTION_KEY="$key" stack_tool demo --api "http://localhost:$port" --hub-config "$hub_config" --count "$devices" \
    --profile "$profile" --seed "$seed" --packages-dir "$work/packages" --packages-url "$packages_url" \
    --signing-key "$signing/signing-key.pem" || code=$?
  check_secrets
  if ! $keep; then
    echo
    echo "The stack stops now, so the links above stop answering; scripts/local-stack.sh --demo --keep keeps it up."
    exit "$code"
  fi
  [ "$code" -eq 0 ] || echo "warning: the demo failed (exit $code); the stack stays up (--keep) so you can look" >&2
fi

cat <<INFO

FleetOps is running.
  Console:       $api/console   (paste the function key below when it asks)
  API:           $api   (OpenAPI: $api/openapi.json)${cors:+
  CORS:          browsers at $cors may call the API}
  Function key:  $key ($key_origin) $key_note
                 (printed here only; in $work/function-key, readable by you only. In another shell:
                  export FLEETOPS_FUNCTION_KEY="\$(cat $work/function-key)")
  Devices:       device-001 ... device-$(printf %03d "$devices"), simulator profile '${profile:-all healthy}' seed $seed
  Firmware:      $packages_url/fw-2.0.0.bin  sha256 $fw_sha
                 signed with $signing/signing-key.pem (the devices trust only its public half):
                 java -jar $device_jar manifest sign --key $signing/signing-key.pem --version V --sha256 HEX --size N --security-version 1
  Catalog:       2.0.0 is ready; add another: scripts/local-stack.sh add-firmware 2.1.0 [SECURITY-VERSION]
                 (packages in Azurite over HTTPS, 127.0.0.1:$catalog_port; each device gets its own read link)
  Events:        subscribe a webhook: POST $api/subscriptions {"url":"http://127.0.0.1:$webhook_port/hooks/NAME"};
                 read what arrived: curl http://127.0.0.1:$webhook_port/hooks/NAME (also in $work/logs/events.log,
                 with the Event Grid stand-in's batches at http://127.0.0.1:$eventgrid_port/api/events)
  Logs:          $work/logs    Azurite: blob 127.0.0.1:10000, table 127.0.0.1:10002
  Progress:      $api/progress answers 404 (no-progress-yet) until the progress timer's first run,
                 due at $(date -u -d "@$(( ($(date +%s) / 60 + 1) * 60 ))" +%H:%M:%S) UTC (schedule '0 */1 * * * *': every minute)

Add a device of your own (another shell, while this runs): scripts/local-stack.sh add-device my-device-1

Reboot one device, then watch it:
  curl -s -X POST -H "x-functions-key: \$FLEETOPS_FUNCTION_KEY" $api/devices/device-001/reboot
  curl -s -H "x-functions-key: \$FLEETOPS_FUNCTION_KEY" $api/devices/device-001/status

Canary firmware rollout to the whole fleet: 10% first, then 50%, then the rest; abort on the first failure.
${profile:+Some devices fail their self-test after an update (profile '$profile'), so expect an abort once a wave reaches one.}
  curl -s -X POST -H "x-functions-key: \$FLEETOPS_FUNCTION_KEY" -H "content-type: application/json" $api/operations -d '{
    "action":"firmwareUpdate",
    "firmware":{"version":"2.0.0","packageUri":"$packages_url/fw-2.0.0.bin","sha256":"$fw_sha","sizeBytes":262144,
                 $fw_signed},
    "target":{"deviceIds":[$(seq -f '"device-%03g"' -s, 1 "$devices")]},
    "rollout":{"waves":[10,50,100]},
    "abort":[{"failureType":"ALL","minFinished":1,"thresholdPercent":5}]}'
  curl -s -H "x-functions-key: \$FLEETOPS_FUNCTION_KEY" $api/operations/<id>          # state, counts per wave
  # the same from the catalog: "firmware":{"catalogVersion":"2.0.0"} instead of the package fields
  curl -s -H "x-functions-key: \$FLEETOPS_FUNCTION_KEY" $api/operations/<id>/report   # the progress report page (HTML)
  curl -s -H "x-functions-key: \$FLEETOPS_FUNCTION_KEY" "$api/audit?deviceId=device-001"  # who did what

Scripted scenario: scripts/local-stack.sh --demo.  Ctrl-C stops everything.
INFO
# Run until Ctrl-C, or until one of the processes dies (then say which and stop the rest).
set +e
wait -n "${pids[@]}"
echo "error: a process of the stack exited; see $work/logs" >&2
exit 1
