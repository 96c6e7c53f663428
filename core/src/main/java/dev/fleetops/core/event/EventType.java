package dev.fleetops.core.event;

import java.util.Locale;
import java.util.Optional;

/**
 * What an event says happened. {@link #wireName()} ({@code operation.waveOpened}) is what subscriptions filter on;
 * {@link #cloudEventType()} ({@code dev.fleetops.operation.waveOpened}) is the CloudEvents {@code type}. Both are public
 * contracts: add types, never rename one.
 */
public enum EventType {
    OPERATION_CREATED("operation.created"),
    OPERATION_APPROVED("operation.approved"),
    OPERATION_REJECTED("operation.rejected"),
    OPERATION_STARTED("operation.started"),
    OPERATION_WAVE_OPENED("operation.waveOpened"),
    OPERATION_PAUSED("operation.paused"),
    OPERATION_RESUMED("operation.resumed"),
    OPERATION_ABORTED("operation.aborted"),
    OPERATION_CANCELED("operation.canceled"),
    OPERATION_COMPLETED("operation.completed"),
    DEVICE_SUCCEEDED("device.succeeded"),
    DEVICE_FAILED("device.failed"),
    DEVICE_ROLLED_BACK("device.rolledBack"),
    DEVICE_TIMED_OUT("device.timedOut");

    public static final String PREFIX = "dev.fleetops.";

    private final String wireName;

    EventType(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public String cloudEventType() {
        return PREFIX + wireName;
    }

    public boolean isDeviceEvent() {
        return wireName.startsWith("device.");
    }

    public static Optional<EventType> fromWireName(String name) {
        for (EventType t : values()) {
            if (t.wireName.equals(name)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    /** A subscription's filter entry: a type ({@code device.failed}), a family ({@code device.*}) or {@code *}. */
    public static boolean isFilter(String filter) {
        return "*".equals(filter)
                || "operation.*".equals(filter)
                || "device.*".equals(filter)
                || fromWireName(filter).isPresent();
    }

    public boolean matches(String filter) {
        return "*".equals(filter)
                || filter.equals(wireName)
                || (filter.endsWith(".*") && wireName.startsWith(filter.substring(0, filter.length() - 1)));
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
