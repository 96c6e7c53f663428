package dev.fleetops.core.rollout;

import java.util.List;

/** The outcome of an operator command on a fleet operation. */
public sealed interface CommandResult {
    /** The command applied; save the plan's rollout and changed executions. */
    record Applied(TickPlan plan) implements CommandResult {}

    /**
     * The caller may never do this to this operation, whatever its state (answered as 403 with the reason): the creator
     * of an operation approving it.
     */
    record Forbidden(String reason) implements CommandResult {}

    /** The command does not apply in the current state (answered as 409 with the reason). */
    record Refused(String reason) implements CommandResult {}

    /**
     * Retry on a finished operation, which is final: refused, with the devices a new operation would
     * target (failed and timed out, and those an abort canceled), at most {@link RolloutCommands#MAX_RETRY_IDS}.
     */
    record RefusedFinished(String reason, List<String> retryDeviceIds, boolean truncated) implements CommandResult {
        public RefusedFinished {
            retryDeviceIds = List.copyOf(retryDeviceIds);
        }
    }
}
