package dev.fleetops.core.firmware;

import java.time.Instant;

/** Port: the firmware container (Blob storage): upload links, measuring what was uploaded, removing it. */
public interface PackageBlobs extends PackageLinks {
    /** The blob's URL without any query string: what operations store and devices report. */
    String plainUrl(String blobName);

    /** A link that may create and write exactly {@code blobName} (no read, no list, no delete) until {@code expiresAt}. */
    String uploadLink(String blobName, Instant expiresAt);

    /**
     * Reads the stored blob once, start to end, and returns its size and SHA-256; refuses to read a blob larger than
     * {@code maxBytes}, and gives up when reading takes longer than the adapter's budget.
     */
    Measurement measure(String blobName, long maxBytes);

    /** Removes the blob if it exists. */
    void delete(String blobName);
}
