#!/usr/bin/env bash
# The project's test command: starts what the tests need (Azurite; playwright-core for the report
# page's browser test), then runs every module's unit and integration tests, packaging included (the
# function.json checks need the packaged app), then `scripts/local-stack.sh --demo` (which runs
# scripts/smoke.sh, the post-deploy checks, against the stack first).
# Extra arguments go to Maven and skip the demo, e.g. scripts/test.sh -pl functions -am
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
work="$root/target/test-azurite"
rm -rf "$work"
# The report page's browser test (RolloutReportBrowserIT) drives Debian's headless Chromium.
if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "installing chromium (Debian package)..."
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "warning: /usr/bin/chromium is missing; install Debian's chromium package or RolloutReportBrowserIT fails" >&2
  fi
fi
# The device agent's service packaging test (ServicePackagingIT) runs systemd-analyze verify and dpkg-deb.
if ! command -v systemd-analyze >/dev/null || ! command -v dpkg-deb >/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "installing systemd and dpkg (Debian packages) for systemd-analyze and dpkg-deb..."
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq systemd dpkg >/dev/null
  else
    echo "warning: systemd-analyze or dpkg-deb is missing; ServicePackagingIT skips those checks" >&2
  fi
fi
if [ ! -d "$root/tools/browser-tests/node_modules/playwright-core" ]; then
  echo "installing playwright-core from npm (tools/browser-tests)..."
  (cd "$root/tools/browser-tests" && npm ci --no-audit --no-fund --loglevel=error)
fi
scripts/azurite.sh start "$work"
trap 'scripts/azurite.sh stop "$work"' EXIT
export FLEETOPS_TEST_STORAGE="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;BlobEndpoint=http://127.0.0.1:${AZURITE_BLOB_PORT:-10000}/devstoreaccount1;TableEndpoint=http://127.0.0.1:${AZURITE_TABLE_PORT:-10002}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:${AZURITE_QUEUE_PORT:-10001}/devstoreaccount1;"
mvn -B verify "$@"
# The README's other command, end to end: the one-command stack and its scripted scenario (about 2 min).
# Only on a full run (no Maven arguments); the stack starts its own Azurite on the same ports, so the
# tests' instance stops first.
if [ $# -eq 0 ]; then
  scripts/azurite.sh stop "$work"
  echo "running scripts/local-stack.sh --demo..."
  scripts/local-stack.sh --demo
fi
