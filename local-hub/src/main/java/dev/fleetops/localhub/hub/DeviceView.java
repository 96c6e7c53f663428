package dev.fleetops.localhub.hub;

import java.time.Instant;

/** A consistent snapshot of a device's identity and connection, for registry responses. */
public record DeviceView(
        DeviceIdentity identity, boolean connected, Instant connectionStateUpdated, Instant lastActivity) {}
