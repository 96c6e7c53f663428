package dev.fleetops.core.rollout;

/** The outcome of an operator command on a fleet operation. */
public sealed interface CommandResult {
    /** The command applied; save the plan's rollout and changed executions. */
    record Applied(TickPlan plan) implements CommandResult {
    }

    /** The command does not apply in the current state (answered as 409 with the reason). */
    record Refused(String reason) implements CommandResult {
    }
}
