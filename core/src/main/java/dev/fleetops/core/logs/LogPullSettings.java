package dev.fleetops.core.logs;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * Where pulled logs go and how devices get there.
 *
 * @param container    the Blob container: the one IoT Hub's file upload is linked to ({@code storageEndpoints.$default})
 *                     or, with {@link Via#SAS_URL}, the one FleetOps signs write links for
 * @param via          how devices upload
 * @param linkLifetime how long a write link (to the device) or a read link (to the caller) is valid
 */
public record LogPullSettings(String container, Via via, Duration linkLifetime) {
    public static final String DEFAULT_CONTAINER = "device-logs";
    public static final Duration DEFAULT_LINK_LIFETIME = Duration.ofMinutes(15);

    /** How a device uploads its log. */
    public enum Via {
        /** IoT Hub's file upload: the device asks the hub for a SAS URI; the blob is {@code {deviceId}/{name}}. */
        IOT_HUB("iotHub"),
        /** A write link FleetOps signs for the same blob path and hands the device in the request. */
        SAS_URL("sasUrl");

        private final String wire;

        Via(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }

        /** {@code iothub} or {@code sas} (the setting's values), case-insensitive. */
        public static Via parse(String s) {
            return switch (s.trim().toLowerCase(Locale.ROOT)) {
                case "iothub", "iot-hub", "hub" -> IOT_HUB;
                case "sas", "sas-url", "sasurl" -> SAS_URL;
                default -> throw new IllegalArgumentException("must be iothub or sas");
            };
        }
    }

    public LogPullSettings {
        Objects.requireNonNull(container, "'container' cannot be null.");
        Objects.requireNonNull(via, "'via' cannot be null.");
        if (linkLifetime == null
                || linkLifetime.compareTo(Duration.ofMinutes(1)) < 0
                || linkLifetime.compareTo(Duration.ofHours(24)) > 0) {
            throw new IllegalArgumentException("'linkLifetime' must be from 1 minute to 24 hours.");
        }
    }

    public static LogPullSettings defaults() {
        return new LogPullSettings(DEFAULT_CONTAINER, Via.IOT_HUB, DEFAULT_LINK_LIFETIME);
    }
}
