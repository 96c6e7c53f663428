package dev.fleetops.core.firmware;

import java.util.Locale;

/** Where a catalog version stands: waiting for its upload, measured and offered to devices, or refused. */
public enum FirmwareState {
    /** Registered; the package is being uploaded (or never was). Not offered to devices. */
    REGISTERED,
    /** FleetOps measured the stored package; operations may name this version. */
    READY,
    /** The stored package was missing, too large or not what the registration announced; never offered. */
    FAILED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
