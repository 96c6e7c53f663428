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
