package dev.fleetops.contract;

/**
 * Twin paths of the reported schema as the IoT Hub query language spells them. Back-end queries are
 * built only from these constants, never from caller input.
 */
public final class ReportedPaths {
    public static final String DM = "properties.reported." + DmReported.PROPERTY;
    public static final String FIRMWARE_VERSION = DM + ".firmwareVersion";
    /** {@code properties.reported.health}: the device's last self-test ({@link HealthReport}). */
    public static final String HEALTH = "properties.reported." + HealthReport.PROPERTY;
    /** {@code properties.reported.health.status}: {@code ok} or {@code failed}, what a health gate counts. */
    public static final String HEALTH_STATUS = HEALTH + ".status";
    /** {@code properties.reported.health.version}: the version the device checked. */
    public static final String HEALTH_VERSION = HEALTH + ".version";

    private ReportedPaths() {}

    /** {@code properties.reported.iothubDM.<section>} */
    public static String section(Action<?, ?> action) {
        return DM + "." + action.reportedSection();
    }

    /** {@code properties.reported.iothubDM.<section>.status} */
    public static String status(Action<?, ?> action) {
        return section(action) + ".status";
    }

    /** {@code properties.reported.iothubDM.<section>.updatedAt} */
    public static String updatedAt(Action<?, ?> action) {
        return section(action) + ".updatedAt";
    }
}
