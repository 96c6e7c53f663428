package dev.fleetops.contract;

/**
 * A value of {@code iothubDM.<section>.status}, implemented by each action's status enum. How a status
 * counts (final or not, failed or succeeded) is decided here, once, so the status view, the progress
 * summary and rollouts classify a report alike.
 */
public interface ActionStatus {
    /** The status as it appears on the wire, e.g. {@code downloadFailed}. */
    String wireName();

    /** No further status follows for the same operation. */
    boolean isTerminal();

    /** The operation ended without reaching its goal. */
    boolean isFailure();

    /** The operation ended with its goal met (for a firmware update, {@code current} too). */
    default boolean isSuccess() {
        return isTerminal() && !isFailure();
    }
}
