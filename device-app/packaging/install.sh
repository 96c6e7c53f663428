#!/usr/bin/env bash
# Installs the FleetOps device agent as a systemd service (docs/device-app.md, "Run it on a real device").
#
#   sudo device-app/packaging/install.sh [--jar device-app.jar]   install or upgrade (idempotent)
#   sudo device-app/packaging/install.sh --uninstall [--purge]    remove; --purge also removes the config,
#                                                                 the state and the fleetops user
#
# Lays out /opt/fleetops/agent/device-app.jar, /etc/fleetops/agent.conf (from the template, only when absent;
# 0640 root:fleetops because it holds the device key), /var/lib/fleetops (0700 fleetops) and the unit
# $UNITDIR/fleetops-agent.service. It never enables or starts the service: the config needs the device's
# connection string first.
#
# DESTDIR=/some/dir stages the same layout under that directory without touching the system (no user, no
# chown, no systemctl), as the tests and build-deb.sh do. UNITDIR defaults to /etc/systemd/system.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
destdir="${DESTDIR:-}"
unitdir="${UNITDIR:-/etc/systemd/system}"
user=fleetops
jar=""
action=install
purge=no
while [ $# -gt 0 ]; do
  case "$1" in
    --jar) [ $# -ge 2 ] || { echo "error: --jar needs a value" >&2; exit 2; }; jar="$2"; shift 2 ;;
    --uninstall) action=uninstall; shift ;;
    --purge) purge=yes; shift ;;
    -h|--help) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "error: unknown argument '$1'; see --help" >&2; exit 2 ;;
  esac
done
if [ "$purge" = yes ] && [ "$action" != uninstall ]; then
  echo "error: --purge goes with --uninstall" >&2; exit 2
fi
if [ -z "$destdir" ] && [ "$(id -u)" != 0 ]; then
  echo "error: run as root (or set DESTDIR to stage the files elsewhere)" >&2; exit 2
fi

# On the live system only: with DESTDIR nothing outside it is touched.
live() { [ -z "$destdir" ]; }
systemd_running() { live && [ -d /run/systemd/system ] && command -v systemctl >/dev/null; }

if [ "$action" = uninstall ]; then
  if systemd_running; then
    systemctl disable --now fleetops-agent.service 2>/dev/null || true
  fi
  rm -f "$destdir$unitdir/fleetops-agent.service"
  rm -rf "$destdir/opt/fleetops/agent"
  rmdir "$destdir/opt/fleetops" 2>/dev/null || true
  if systemd_running; then systemctl daemon-reload; fi
  if [ "$purge" = yes ]; then
    rm -rf "$destdir/etc/fleetops" "$destdir/var/lib/fleetops"
    if live && id "$user" >/dev/null 2>&1; then userdel "$user"; fi
    echo "fleetops-agent removed with its config, state and user"
  else
    echo "fleetops-agent removed; kept /etc/fleetops and /var/lib/fleetops (--purge removes them)"
  fi
  exit 0
fi

if [ -z "$jar" ]; then
  # Beside this script in a release tarball, or the Maven build's in a checkout.
  for j in "$here/device-app.jar" "$here/../target/device-app.jar"; do
    if [ -f "$j" ]; then jar="$j"; break; fi
  done
fi
if [ -z "$jar" ] || [ ! -f "$jar" ]; then
  echo "error: device-app.jar not found; build it (mvn -pl device-app -am package) or pass --jar FILE" >&2
  exit 2
fi

group=root
if live; then
  if ! getent group "$user" >/dev/null; then groupadd --system "$user"; fi
  if ! id "$user" >/dev/null 2>&1; then
    useradd --system --gid "$user" --home-dir /var/lib/fleetops --no-create-home \
      --shell /usr/sbin/nologin --comment "FleetOps device agent" "$user"
  fi
  group="$user"
fi

install -d -m 0755 "$destdir/opt/fleetops/agent" "$destdir$unitdir"
install -m 0644 "$jar" "$destdir/opt/fleetops/agent/device-app.jar"
install -m 0644 "$here/fleetops-agent.service" "$destdir$unitdir/fleetops-agent.service"
install -d -m 0755 "$destdir/etc/fleetops"
conf="$destdir/etc/fleetops/agent.conf"
if [ -e "$conf" ]; then
  echo "kept $conf (the template is $here/agent.conf)"
else
  install -m 0640 "$here/agent.conf" "$conf"
fi
# Modes are re-applied on every run: an upgrade repairs a config or state directory loosened by hand.
chmod 0640 "$conf"
install -d -m 0700 "$destdir/var/lib/fleetops"
chmod 0700 "$destdir/var/lib/fleetops"
if live; then
  chown "root:$group" "$conf"
  chown "$user:$user" /var/lib/fleetops
fi
if systemd_running; then systemctl daemon-reload; fi

echo "fleetops-agent installed${destdir:+ under $destdir}"
if live; then
  echo "next: set connection-string and signing-key in /etc/fleetops/agent.conf, then"
  echo "      systemctl enable --now fleetops-agent && journalctl -u fleetops-agent -f"
fi
