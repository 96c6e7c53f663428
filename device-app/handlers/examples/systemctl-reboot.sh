#!/bin/sh
# EXAMPLE, not run by the tests: a real reboot on a systemd machine, every other step left to the agent.
# Combine it with an install handler by calling one from the other, e.g.
#   case "$1" in reboot) exec systemctl reboot ;; *) exec /opt/fleetops/handlers/fleetops-file-install.sh "$@" ;; esac
# The agent saves its state before calling this; after the boot it resumes as after a crash (health check next).
set -eu
case "$1" in
reboot) exec systemctl reboot ;;
*) exit 3 ;;
esac
