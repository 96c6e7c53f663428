#!/usr/bin/env bash
# Builds fleetops-agent_<version>_all.deb from device-app.jar: the install.sh layout staged under a temporary
# root, the unit in /lib/systemd/system, maintainer scripts from deb/. Needs dpkg-deb only, not root or
# fakeroot: --root-owner-group makes every file root:root, and postinst gives the config and state their
# fleetops group and owner on the device.
#
#   device-app/packaging/build-deb.sh [--jar device-app.jar] [--version 0.1.0] [--out DIR]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
jar="$here/../target/device-app.jar"
version=""
out="$here/../target"
while [ $# -gt 0 ]; do
  case "$1" in
    --jar|--version|--out)
      [ $# -ge 2 ] || { echo "error: $1 needs a value" >&2; exit 2; }
      case "$1" in --jar) jar="$2" ;; --version) version="$2" ;; --out) out="$2" ;; esac
      shift 2 ;;
    -h|--help) sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "error: unknown argument '$1'; see --help" >&2; exit 2 ;;
  esac
done
[ -f "$jar" ] || { echo "error: $jar not found; build it (mvn -pl device-app -am package) or pass --jar" >&2; exit 2; }
if [ -z "$version" ]; then
  # The Maven version, e.g. 0.1.0-SNAPSHOT -> 0.1.0~SNAPSHOT (sorts before 0.1.0, as a pre-release should).
  version="$(sed -n 's#.*<version>\(.*\)</version>.*#\1#p' "$here/../../pom.xml" | head -1)"
fi
version="${version//-/\~}"
if ! [[ "$version" =~ ^[0-9][A-Za-z0-9.+~]*$ ]]; then
  echo "error: '$version' is not a Debian version" >&2; exit 2
fi
mkdir -p "$out"
root="$(mktemp -d "${TMPDIR:-/tmp}/fleetops-deb.XXXXXX")"
chmod 0755 "$root" # mktemp makes it 0700, which would become the mode of / in the package
trap 'rm -rf "$root"' EXIT
DESTDIR="$root" UNITDIR=/lib/systemd/system "$here/install.sh" --jar "$jar" >/dev/null
install -d -m 0755 "$root/DEBIAN" "$root/usr/share/doc/fleetops-agent"
install -m 0644 "$here/deb/copyright" "$root/usr/share/doc/fleetops-agent/copyright"
for s in postinst prerm postrm; do install -m 0755 "$here/deb/$s" "$root/DEBIAN/$s"; done
echo /etc/fleetops/agent.conf > "$root/DEBIAN/conffiles"
size_kib="$(du -sk --exclude=DEBIAN "$root" | cut -f1)"
sed -e "s/@VERSION@/$version/" -e "s/@SIZE@/$size_kib/" "$here/deb/control" > "$root/DEBIAN/control"
deb="$out/fleetops-agent_${version}_all.deb"
dpkg-deb --root-owner-group -Zxz --build "$root" "$deb" >/dev/null
echo "$deb"
