package dev.fleetops.core.rollout;

import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The two state machines of a fleet operation, as tables: which operation states and which device
 * execution states may follow which. {@link Rollout} and {@link DeviceExecution} change state only
 * through methods that check these tables, so a transition missing here cannot happen anywhere.
 * A change that keeps the state (opening a wave, a new progress detail) is not a transition and is
 * not listed. docs/rollouts.md shows both tables.
 */
public final class Transitions {
    private static final Map<RolloutState, Set<RolloutState>> OPERATION = new EnumMap<>(RolloutState.class);
    private static final Map<ExecutionState, Set<ExecutionState>> EXECUTION = new EnumMap<>(ExecutionState.class);

    static {
        // Two-person approval: a second Admin approves (→ scheduled, then the start time as for any operation), rejects
        // it or lets it expire (→ rejected), or an operator withdraws it (→ canceled). Nothing runs before approval.
        operation(RolloutState.PENDING_APPROVAL, RolloutState.SCHEDULED, RolloutState.REJECTED, RolloutState.CANCELED);
        // A filter is resolved before anyone approves it: the approver sees which devices it selects.
        operation(
                RolloutState.RESOLVING,
                RolloutState.PENDING_APPROVAL,
                RolloutState.SCHEDULED,
                RolloutState.ABORTED,
                RolloutState.CANCELED);
        operation(RolloutState.SCHEDULED, RolloutState.RUNNING, RolloutState.PAUSED, RolloutState.CANCELED);
        operation(
                RolloutState.RUNNING,
                RolloutState.PAUSED,
                RolloutState.COMPLETED,
                RolloutState.CANCELED,
                RolloutState.ABORTED);
        // A paused operation does not complete on its own, even when every device finished: the
        // operator paused it to decide, so only resume (then the next tick completes it) or cancel.
        // Resumed before its start time, it waits for it again.
        operation(RolloutState.PAUSED, RolloutState.RUNNING, RolloutState.SCHEDULED, RolloutState.CANCELED);
        // Finished operations are final: retrying their devices is a new operation (see RolloutCommands.retryFailed).
        operation(RolloutState.COMPLETED);
        operation(RolloutState.CANCELED);
        operation(RolloutState.ABORTED);
        operation(RolloutState.REJECTED);

        // Dispatch outcomes start from the dispatch intent, which is already IN_PROGRESS.
        execution(ExecutionState.QUEUED, ExecutionState.IN_PROGRESS, ExecutionState.TIMED_OUT, ExecutionState.CANCELED);
        execution(
                ExecutionState.IN_PROGRESS,
                ExecutionState.SUCCEEDED,
                ExecutionState.FAILED,
                ExecutionState.TIMED_OUT,
                ExecutionState.REJECTED,
                ExecutionState.REMOVED,
                ExecutionState.QUEUED,
                ExecutionState.CANCELED);
        // Operator retry (the command refuses it once the operation finished).
        execution(ExecutionState.FAILED, ExecutionState.QUEUED);
        execution(ExecutionState.TIMED_OUT, ExecutionState.QUEUED);
        // A success that did not hold while its wave soaked (rolled back, health check failed, offline too long).
        execution(ExecutionState.SUCCEEDED, ExecutionState.FAILED);
        execution(ExecutionState.REJECTED);
        execution(ExecutionState.CANCELED);
        execution(ExecutionState.REMOVED);
    }

    private Transitions() {}

    public static boolean allows(RolloutState from, RolloutState to) {
        return OPERATION.get(from).contains(to);
    }

    public static boolean allows(ExecutionState from, ExecutionState to) {
        return EXECUTION.get(from).contains(to);
    }

    /** The states an operation in {@code from} may move to. */
    public static Set<RolloutState> next(RolloutState from) {
        return OPERATION.get(from);
    }

    /** The states an execution in {@code from} may move to. */
    public static Set<ExecutionState> next(ExecutionState from) {
        return EXECUTION.get(from);
    }

    static void require(String operationId, RolloutState from, RolloutState to) {
        if (!allows(from, to)) {
            throw new IllegalTransitionException(IllegalTransitionException.Machine.OPERATION, from, to, operationId);
        }
    }

    static void require(String deviceId, ExecutionState from, ExecutionState to) {
        if (!allows(from, to)) {
            throw new IllegalTransitionException(
                    IllegalTransitionException.Machine.EXECUTION, from, to, "of device " + deviceId);
        }
    }

    private static void operation(RolloutState from, RolloutState... to) {
        Set<RolloutState> set = EnumSet.noneOf(RolloutState.class);
        set.addAll(java.util.List.of(to));
        OPERATION.put(from, Collections.unmodifiableSet(set));
    }

    private static void execution(ExecutionState from, ExecutionState... to) {
        Set<ExecutionState> set = EnumSet.noneOf(ExecutionState.class);
        set.addAll(java.util.List.of(to));
        EXECUTION.put(from, Collections.unmodifiableSet(set));
    }
}
