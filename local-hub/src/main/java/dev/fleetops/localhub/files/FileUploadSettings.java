package dev.fleetops.localhub.files;

import java.time.Duration;

/**
 * The hub's file-upload configuration, IoT Hub's {@code storageEndpoints.$default}: the linked account and container
 * and the SAS lifetime ({@code sasTtlAsIso8601}: 1 minute to 24 hours, default 1 hour).
 */
public record FileUploadSettings(StorageAccount account, String container, Duration sasTtl) {
    public static final Duration DEFAULT_SAS_TTL = Duration.ofHours(1);

    public FileUploadSettings {
        if (account == null) {
            throw new IllegalArgumentException("file upload needs a storage account");
        }
        if (container == null || !container.matches("[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]")) {
            throw new IllegalArgumentException(
                    "the file upload container name must be 3-63 lower-case letters, digits and single hyphens");
        }
        if (sasTtl == null
                || sasTtl.compareTo(Duration.ofMinutes(1)) < 0
                || sasTtl.compareTo(Duration.ofHours(24)) > 0) {
            throw new IllegalArgumentException("the file upload SAS lifetime must be from 1 minute to 24 hours");
        }
    }
}
