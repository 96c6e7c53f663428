package dev.fleetops.core.firmware;

import java.time.Duration;

/**
 * @param maxSizeBytes      the largest package the catalog measures and offers
 * @param uploadLinkLifetime how long an upload link stays valid
 * @param readLinkLifetime  how long a single-device update's read link stays valid (fleet operations use the
 *                          operation's per-device timeout, see {@link ReadLinkLifetime})
 */
public record CatalogSettings(long maxSizeBytes, Duration uploadLinkLifetime, Duration readLinkLifetime) {
    public static final long DEFAULT_MAX_SIZE_BYTES = 2L * 1024 * 1024 * 1024;
    public static final CatalogSettings DEFAULTS =
            new CatalogSettings(DEFAULT_MAX_SIZE_BYTES, Duration.ofMinutes(30), Duration.ofMinutes(60));
}
