#!/bin/sh
# FleetOps handler: installs a firmware package as a file, keeping A/B copies.
#
#   $FLEETOPS_INSTALL_DIR/a/{firmware.bin,version}   slot a
#   $FLEETOPS_INSTALL_DIR/b/{firmware.bin,version}   slot b
#   $FLEETOPS_INSTALL_DIR/current   -> a|b           what runs (switched by install and rollback)
#   $FLEETOPS_INSTALL_DIR/confirmed -> a|b           the last version that passed its health check
#
# install writes the slot that is not confirmed (so running it twice, after a crash, writes the same slot
# and never the confirmed one), then points current at it; commit confirms it; rollback points current back
# at the confirmed slot. Every other step is left to the agent (exit 3). FLEETOPS_INSTALL_DIR defaults to
# $FLEETOPS_STATE_DIR/install. Needs a POSIX sh, cp, sync, ln and mv -T (GNU coreutils or BusyBox).
# Arguments and environment: docs/device-app.md, "Handlers".
set -eu

step=${1:?usage: $0 STEP [ARGS...]}
dir=${FLEETOPS_INSTALL_DIR:-${FLEETOPS_STATE_DIR:?FLEETOPS_STATE_DIR not set}/install}
mkdir -p "$dir"

slot_of() { # the slot a link points at, or nothing
    if [ -L "$dir/$1" ]; then basename "$(readlink "$dir/$1")"; fi
}

point() { # point link $1 at slot $2, atomically
    ln -sfn "$2" "$dir/.$1.tmp"
    mv -T "$dir/.$1.tmp" "$dir/$1"
}

case "$step" in
install)
    file=${2:?install needs FILE}
    version=${3:?install needs VERSION}
    confirmed=$(slot_of confirmed)
    if [ "$confirmed" = a ]; then target=b; else target=a; fi
    mkdir -p "$dir/$target"
    cp "$file" "$dir/$target/.firmware.bin.tmp"
    printf '%s\n' "$version" > "$dir/$target/.version.tmp"
    sync
    mv "$dir/$target/.firmware.bin.tmp" "$dir/$target/firmware.bin"
    mv "$dir/$target/.version.tmp" "$dir/$target/version"
    point current "$target"
    sync
    echo "installed $version into slot $target"
    ;;
commit)
    current=$(slot_of current)
    [ -n "$current" ] || { echo "nothing installed to commit" >&2; exit 1; }
    point confirmed "$current"
    sync
    echo "confirmed slot $current ($(cat "$dir/$current/version"))"
    ;;
rollback)
    confirmed=$(slot_of confirmed)
    if [ -n "$confirmed" ]; then
        point current "$confirmed"
        echo "back on slot $confirmed ($(cat "$dir/$confirmed/version"))"
    else
        rm -f "$dir/current"
        echo "nothing confirmed before: no version installed"
    fi
    sync
    ;;
factory-reset)
    rm -rf "$dir/a" "$dir/b" "$dir/current" "$dir/confirmed"
    sync
    echo "install directory wiped"
    ;;
*)
    exit 3 # download-verified, reboot, health-check: the agent's own behaviour
    ;;
esac
