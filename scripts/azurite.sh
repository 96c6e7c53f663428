#!/usr/bin/env bash
# Starts or stops Azurite (the Azure Storage emulator from npm) for tests and the local stack.
#   scripts/azurite.sh start DIR   install if needed, start on 127.0.0.1, wait until it answers
#   scripts/azurite.sh stop DIR    stop the instance started with DIR
# Ports: AZURITE_BLOB_PORT (10000), AZURITE_QUEUE_PORT (10001), AZURITE_TABLE_PORT (10002).
# AZURITE_BLOB_ONLY=1 starts the Blob service alone; AZURITE_CERT and AZURITE_KEY (PEM files) make it serve HTTPS
# (Azurite's --cert/--key). The firmware catalog uses both: a second, blob-only Azurite over HTTPS with a
# certificate the devices trust, since devices download over HTTPS only (docs/firmware-catalog.md#locally).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cmd="${1:?usage: azurite.sh start|stop DIR}"
dir="${2:?usage: azurite.sh start|stop DIR}"
blob_port="${AZURITE_BLOB_PORT:-10000}"
queue_port="${AZURITE_QUEUE_PORT:-10001}"
table_port="${AZURITE_TABLE_PORT:-10002}"
tool="$root/tools/azurite"

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

case "$cmd" in
  start)
    if [ ! -x "$tool/node_modules/.bin/azurite" ]; then
      echo "installing Azurite from npm (tools/azurite)..."
      (cd "$tool" && npm ci --no-audit --no-fund --loglevel=error)
    fi
    if port_open "$blob_port"; then
      echo "error: port $blob_port is already in use; stop the other Azurite or set AZURITE_BLOB_PORT" >&2
      exit 1
    fi
    mkdir -p "$dir"
    tls=()
    if [ -n "${AZURITE_CERT:-}" ]; then
      tls=(--cert "$AZURITE_CERT" --key "${AZURITE_KEY:?AZURITE_KEY is needed with AZURITE_CERT}")
    fi
    if [ "${AZURITE_BLOB_ONLY:-0}" = 1 ]; then
      "$tool/node_modules/.bin/azurite-blob" --silent --loose --skipApiVersionCheck --location "$dir" \
        --blobHost 127.0.0.1 --blobPort "$blob_port" ${tls[@]+"${tls[@]}"} >"$dir/azurite.log" 2>&1 &
      table_port="$blob_port"
    else
      "$tool/node_modules/.bin/azurite" --silent --loose --skipApiVersionCheck --location "$dir" \
        --blobHost 127.0.0.1 --blobPort "$blob_port" --queueHost 127.0.0.1 --queuePort "$queue_port" \
        --tableHost 127.0.0.1 --tablePort "$table_port" ${tls[@]+"${tls[@]}"} >"$dir/azurite.log" 2>&1 &
    fi
    echo $! >"$dir/azurite.pid"
    for _ in $(seq 1 100); do
      if port_open "$blob_port" && port_open "$table_port"; then
        if [ "${AZURITE_BLOB_ONLY:-0}" = 1 ]; then
          echo "Azurite is up (blob only, $blob_port${AZURITE_CERT:+, https}; pid $(cat "$dir/azurite.pid"))"
        else
          echo "Azurite is up (blob $blob_port, queue $queue_port, table $table_port; pid $(cat "$dir/azurite.pid"))"
        fi
        exit 0
      fi
      sleep 0.2
    done
    echo "error: Azurite did not start; see $dir/azurite.log" >&2
    cat "$dir/azurite.log" >&2 || true
    exit 1
    ;;
  stop)
    if [ -f "$dir/azurite.pid" ]; then
      pid="$(cat "$dir/azurite.pid")"
      kill "$pid" 2>/dev/null || true
      # Azurite sometimes lingers after SIGTERM; do not leave it holding the ports.
      for _ in $(seq 1 25); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
      kill -9 "$pid" 2>/dev/null || true
      rm -f "$dir/azurite.pid"
    fi
    ;;
  *)
    echo "usage: azurite.sh start|stop DIR" >&2
    exit 2
    ;;
esac
