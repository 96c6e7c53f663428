#!/usr/bin/env bash
# Post-deploy smoke test of a FleetOps API: the checks of the demo scenario that need no simulated fleet.
#   scripts/smoke.sh --api URL [--key KEY] [--device ID] [--timeout SECONDS] [--no-key-check]
#   --api URL        the app's base URL, e.g. https://func-fleetops-dev-abc.azurewebsites.net (a trailing
#                    /api is accepted)
#   --key KEY        a function key; better: export FLEETOPS_FUNCTION_KEY=... so the key stays out of the
#                    shell history and the process list. The key is never printed.
#   --device ID      also reboot this device and wait until it reports the reboot completed
#   --timeout S      how long to wait for that reboot (default 180)
#   --no-key-check   skip "a request without a key gets 401" (Core Tools' func start checks no keys)
#   FLEETOPS_TOKEN   with Entra ID sign-in on (docs/identity.md): a bearer token, sent with the key (never printed)
# Checks, in order; the first failure ends the run with exit code 1 and says what was expected:
#   GET  /api/openapi.json without a key            200, an OpenAPI document
#   GET  /api/operations without a key              401
#   GET  /api/devices/bad%20id with the key         400 application/problem+json naming the field deviceId
#   GET  /api/operations with the key               200
#   an https URL only: the same host over http      a redirect (the app is HTTPS-only)
#   --device: POST /api/devices/ID/reboot           202, then the operation's status until completed
# Needs bash, curl, grep, sed and mktemp; not jq. Exit codes: 0 all passed, 1 a check failed, 2 usage.
set -euo pipefail

api=""
key="${FLEETOPS_FUNCTION_KEY:-}"
token="${FLEETOPS_TOKEN:-}"
device=""
timeout=180
key_check=true
usage() { sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; }
while [ $# -gt 0 ]; do
  case "$1" in
    --api) api="${2:?--api needs a URL}"; shift 2 ;;
    --key) key="${2:?--key needs a value}"; shift 2 ;;
    --device) device="${2:?--device needs a device id}"; shift 2 ;;
    --timeout) timeout="${2:?--timeout needs seconds}"; shift 2 ;;
    --no-key-check) key_check=false; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "smoke: unknown option $1 (try --help)" >&2; exit 2 ;;
  esac
done
[ -n "$api" ] || { echo "smoke: --api URL is required (try --help)" >&2; exit 2; }
[ -n "$key" ] || { echo "smoke: give a function key with --key or FLEETOPS_FUNCTION_KEY" >&2; exit 2; }
case "$timeout" in ''|*[!0-9]*) echo "smoke: --timeout must be a number of seconds" >&2; exit 2 ;; esac
case "$api" in http://*|https://*) ;; *) echo "smoke: --api must start with http:// or https://" >&2; exit 2 ;; esac
# Device ids are letters, digits and -.:_ (a subset of IoT Hub's); anything else would need URL encoding.
case "$device" in *[!A-Za-z0-9._:-]*) echo "smoke: --device must be letters, digits or -.:_" >&2; exit 2 ;; esac
command -v curl >/dev/null || { echo "smoke: curl is required" >&2; exit 2; }

base="${api%/}"
base="${base%/api}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
# The key goes to curl in a header file (curl -H @file), never on a command line or in output.
umask 077
printf 'x-functions-key: %s\n' "$key" >"$tmp/key-header"
[ -z "$token" ] || printf 'Authorization: Bearer %s\n' "$token" >>"$tmp/key-header"
unset key FLEETOPS_FUNCTION_KEY token FLEETOPS_TOKEN

passed=0
ok() { passed=$((passed + 1)); echo "ok   $*"; }
fail() { echo "FAIL $*" >&2; echo "smoke: $passed check(s) passed before this failure; API $base" >&2; exit 1; }

# request METHOD PATH with-key|no-key [BODY]: sets status, ctype and writes the body to $tmp/body.
request() {
  local method="$1" path="$2" auth="$3" body="${4:-}" out
  local args=(-sS -o "$tmp/body" -w '%{http_code} %{content_type}' -X "$method" --max-time 240)
  [ "$auth" = with-key ] && args+=(-H "@$tmp/key-header")
  [ -n "$body" ] && args+=(-H 'content-type: application/json' --data "$body")
  if ! out="$(curl "${args[@]}" "$base$path" 2>"$tmp/curl-error")"; then
    fail "$method $path: no HTTP answer ($(tr -d '\n' <"$tmp/curl-error"))"
  fi
  status="${out%% *}"
  ctype="${out#* }"
}
snippet() { head -c 300 "$tmp/body" | tr '\n' ' '; }
# json_string NAME FILE: the first "NAME":"value" in a JSON document (values without escaped quotes).
json_string() { sed -n 's/.*"'"$1"'"[[:space:]]*:[[:space:]]*"\([^"]*\)".*/\1/p' "$2" | head -n 1; }

request GET /api/openapi.json no-key
[ "$status" = 200 ] || fail "GET /api/openapi.json without a key: expected 200, got $status: $(snippet)"
grep -q '"openapi"[[:space:]]*:' "$tmp/body" || fail "GET /api/openapi.json: expected an OpenAPI document, got: $(snippet)"
ok "GET /api/openapi.json without a key -> 200 OpenAPI document"

if $key_check; then
  request GET /api/operations no-key
  [ "$status" = 401 ] || fail "GET /api/operations without a key: expected 401, got $status (is authLevel FUNCTION deployed?)"
  ok "GET /api/operations without a key -> 401"
else
  echo "skip GET /api/operations without a key (--no-key-check)"
fi

request GET /api/devices/bad%20id with-key
[ "$status" = 400 ] || fail "GET /api/devices/bad%20id: expected 400, got $status: $(snippet)"
case "$ctype" in application/problem+json*) ;; *) fail "GET /api/devices/bad%20id: expected application/problem+json, got '$ctype'" ;; esac
grep -q '"field"[[:space:]]*:[[:space:]]*"deviceId"' "$tmp/body" \
  || fail "GET /api/devices/bad%20id: expected a problem naming the field deviceId, got: $(snippet)"
ok "GET /api/devices/bad%20id -> 400 problem+json naming deviceId"

request GET /api/operations with-key
[ "$status" = 200 ] || fail "GET /api/operations with the key: expected 200, got $status (wrong key, or the app cannot reach Table storage?): $(snippet)"
ok "GET /api/operations with the key -> 200"

case "$base" in
  https://*)
    plain="http://${base#https://}/api/openapi.json"
    code="$(curl -sS -o /dev/null -w '%{http_code}' --max-time 30 "$plain" 2>"$tmp/curl-error")" \
      || fail "GET $plain: no HTTP answer ($(tr -d '\n' <"$tmp/curl-error"))"
    case "$code" in
      301|302|307|308) ok "http:// redirects to https:// ($code): the app is HTTPS-only" ;;
      *) fail "GET $plain: expected a redirect to https (httpsOnly), got $code; re-run the Bicep deployment or: az functionapp update --set httpsOnly=true" ;;
    esac ;;
  *) echo "skip the HTTPS-only check ($base is not https)" ;;
esac

if [ -n "$device" ]; then
  request POST "/api/devices/$device/reboot" with-key '{}'
  [ "$status" = 202 ] || fail "POST /api/devices/$device/reboot: expected 202, got $status: $(snippet)"
  op="$(json_string operationId "$tmp/body")"
  [ -n "$op" ] || fail "POST /api/devices/$device/reboot: no operationId in: $(snippet)"
  ok "POST /api/devices/$device/reboot -> 202 (operation $op)"
  deadline=$((SECONDS + timeout))
  state=pending
  while :; do
    request GET "/api/devices/$device/status?operationId=$op" with-key
    [ "$status" = 200 ] || fail "GET /api/devices/$device/status: expected 200, got $status: $(snippet)"
    # "operation":{...} is a flat object: operationId, action, status, terminal, failed, updatedAt.
    sed -n 's/.*"operation"[[:space:]]*:[[:space:]]*{\([^}]*\)}.*/\1/p' "$tmp/body" >"$tmp/operation"
    if [ -s "$tmp/operation" ]; then
      state="$(json_string status "$tmp/operation")"
      [ "$state" = completed ] && break
      if grep -q '"terminal"[[:space:]]*:[[:space:]]*true' "$tmp/operation"; then
        fail "the reboot of $device ended as '$state', expected completed: $(tr -d '\n' <"$tmp/operation")"
      fi
    fi
    [ "$SECONDS" -lt "$deadline" ] || fail "the reboot of $device is still '$state' after ${timeout} s (device offline? see GET /api/devices/$device)"
    sleep 2
  done
  ok "the reboot of $device reported completed"
fi

echo "smoke: all $passed checks passed against $base"
