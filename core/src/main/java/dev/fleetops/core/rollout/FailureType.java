package dev.fleetops.core.rollout;

/** Which finished devices an abort criterion or a retry rule counts. */
public enum FailureType {
    FAILED,
    TIMED_OUT,
    REJECTED,
    ALL;

    public boolean matches(ExecutionState s) {
        return switch (this) {
            case FAILED -> s == ExecutionState.FAILED;
            case TIMED_OUT -> s == ExecutionState.TIMED_OUT;
            case REJECTED -> s == ExecutionState.REJECTED;
            case ALL -> s == ExecutionState.FAILED || s == ExecutionState.TIMED_OUT || s == ExecutionState.REJECTED;
        };
    }
}
