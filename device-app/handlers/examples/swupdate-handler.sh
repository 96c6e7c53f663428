#!/bin/sh
# EXAMPLE, not run by the tests: a FleetOps handler for an SWUpdate A/B system (https://sbabic.github.io/swupdate/)
# whose sw-description has "copy1"/"copy2" selections and a U-Boot environment with an "upgrade_available" flag
# and "bootcount" (the usual dual-copy setup). Adapt before use.
set -eu

current_copy() { fw_printenv -n boot_copy 2>/dev/null || echo copy1; }
other_copy() { if [ "$(current_copy)" = copy1 ]; then echo copy2; else echo copy1; fi; }

case "$1" in
install)
    swupdate -i "$2" -e "stable,$(other_copy)" -k /etc/swupdate/public.pem
    ;;
reboot)
    systemctl reboot
    ;;
commit)
    fw_setenv upgrade_available 0
    fw_setenv bootcount 0
    ;;
rollback)
    # U-Boot boots the other copy when bootcount exceeds bootlimit; do it now instead of waiting.
    fw_setenv boot_copy "$(other_copy)"
    fw_setenv upgrade_available 0
    ;;
*)
    exit 3 # download-verified, health-check, factory-reset: the agent's default
    ;;
esac
