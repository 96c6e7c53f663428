package dev.fleetops.core.logs;

import java.time.Instant;
import java.util.Optional;

/** Port: links to one blob of the logs container, each valid until a given time and for that blob only. */
public interface LogLinks {
    /** No storage of its own: no links (uploads go through IoT Hub, and reads are not offered). */
    LogLinks NONE = new LogLinks() {
        @Override
        public Optional<String> writeLink(String blobPath, Instant expiresAt) {
            return Optional.empty();
        }

        @Override
        public Optional<String> readLink(String blobPath, Instant expiresAt) {
            return Optional.empty();
        }
    };

    /** A create-and-write link (no read) for a device's upload. */
    Optional<String> writeLink(String blobPath, Instant expiresAt);

    /** A read-only link for whoever fetches the file. */
    Optional<String> readLink(String blobPath, Instant expiresAt);
}
