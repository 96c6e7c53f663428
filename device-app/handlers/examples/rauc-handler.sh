#!/bin/sh
# EXAMPLE, not run by the tests: a FleetOps handler for a RAUC A/B system (https://rauc.io). Adapt before use.
# The agent calls it as: rauc-handler.sh STEP [ARGS...] (docs/device-app.md, "Handlers").
set -eu

case "$1" in
download-verified)
    rauc info "$2" >/dev/null # the bundle's own signature, checked against the system's keyring
    ;;
install)
    rauc install "$2" # writes the other slot group and makes it the next boot target
    ;;
reboot)
    systemctl reboot # the agent has saved its state; it resumes after the boot
    ;;
health-check)
    # The new version's self-test: replace with the product's own checks.
    systemctl is-system-running --wait | grep -qx running
    ;;
commit)
    rauc status mark-good booted
    ;;
rollback)
    # After the reboot the new version runs: mark its slot bad so the boot loader returns to the other one. If the
    # reboot never happened, the old version still runs: make its slot the next boot target again.
    # (Assumes the image's /etc/os-release VERSION_ID is the FleetOps firmware version.)
    if [ "$(. /etc/os-release && echo "${VERSION_ID:-}")" = "${FLEETOPS_VERSION:-}" ]; then
        rauc status mark-bad booted
    else
        rauc status mark-active booted
    fi
    ;;
factory-reset)
    systemctl stop my-product.service || true
    rm -rf /data/my-product
    ;;
*)
    exit 3
    ;;
esac
