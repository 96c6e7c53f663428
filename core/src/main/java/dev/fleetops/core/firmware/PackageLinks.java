package dev.fleetops.core.firmware;

import java.time.Instant;
import java.util.Optional;

/**
 * Port: read links for catalog packages, issued when a firmware update is sent to a device. Requests keep the blob's
 * plain URL (no query string, so no credential is stored with an operation); each dispatch asks for a fresh
 * read-only link to exactly that blob, valid until {@code expiresAt}.
 */
public interface PackageLinks {
    /** No catalog: every URI is sent as given. */
    PackageLinks NONE = (uri, expiresAt) -> Optional.empty();

    /**
     * A read-only link to the package {@code packageUri} names, valid until {@code expiresAt}; empty when the URI is
     * not a catalog package (then it is sent as given).
     */
    Optional<String> readLink(String packageUri, Instant expiresAt);
}
