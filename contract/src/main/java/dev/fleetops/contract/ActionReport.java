package dev.fleetops.contract;

/**
 * One action's section under {@code iothubDM} in reported properties ({@link RebootReport},
 * {@link FactoryResetReport}, {@link FirmwareUpdateReport}): the fields every action reports. Times are
 * ISO-8601 UTC strings written by the device's clock.
 */
public interface ActionReport {
    /** The status, or null when the device wrote one this contract does not know. */
    ActionStatus status();

    /** The operation the section is about. */
    String operationId();

    String startedAt();

    String updatedAt();

    /** Why the operation failed, or null. */
    ErrorInfo error();

    /** The action whose section this is. */
    Action<?, ?> action();

    /**
     * Why this report, although about {@code request}'s operation, does not show what it asked for (e.g.
     * another firmware version), or null when it does or the action has nothing to compare.
     */
    default String mismatch(ActionRequest request) {
        return null;
    }
}
