package dev.fleetops.core.rollout;

/**
 * A device the engine decided to dispatch this tick: its execution already moved to IN_PROGRESS with
 * the new attempt (saved before the call leaves, so a crash never sends that attempt twice), and the
 * queued execution it came from (what an undelivered call goes back to). Only the engine makes intents.
 */
public final class DispatchIntent {
    private final DeviceExecution queued;
    private final DeviceExecution execution;

    DispatchIntent(DeviceExecution queued, DeviceExecution execution) {
        this.queued = queued;
        this.execution = execution;
    }

    /**
     * An intent the engine made, rebuilt from its two rows as a dispatch message carried them (queue-triggered
     * dispatch, docs/performance.md "Beyond one instance"). The rows are checked to be what the engine makes: the
     * second is exactly the first started as {@link RolloutEngine#DISPATCHING}.
     *
     * @throws IllegalArgumentException when they are not
     */
    public static DispatchIntent restore(DeviceExecution queued, DeviceExecution execution) {
        if (queued.state() != ExecutionState.QUEUED
                || execution.updatedAt() == null
                || !execution.equals(queued.start(execution.updatedAt(), RolloutEngine.DISPATCHING))) {
            throw new IllegalArgumentException("not a dispatch intent: " + queued + " -> " + execution);
        }
        return new DispatchIntent(queued, execution);
    }

    /** The execution it came from, as it was queued (what an undelivered call goes back to). */
    public DeviceExecution queuedRow() {
        return queued;
    }

    public String deviceId() {
        return execution.deviceId();
    }

    /** The attempt to send (the device sees it in the operation id, {@link RolloutEngine#attemptOperationId}). */
    public int attempt() {
        return execution.attempt();
    }

    /** The execution as saved before the call: IN_PROGRESS, "dispatching". */
    public DeviceExecution execution() {
        return execution;
    }

    DeviceExecution queued() {
        return queued;
    }

    @Override
    public String toString() {
        return "DispatchIntent[" + execution + "]";
    }
}
