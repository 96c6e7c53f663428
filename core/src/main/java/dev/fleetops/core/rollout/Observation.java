package dev.fleetops.core.rollout;

import dev.fleetops.contract.ErrorInfo;

/**
 * What a device's twin says about this operation (its reported section carries the operation id).
 *
 * @param attempt which dispatch attempt the report is about (from the reported operation id)
 * @param outcome IN_PROGRESS, SUCCEEDED or FAILED
 * @param status  the device's own status word, e.g. {@code downloading}
 */
public record Observation(int attempt, ExecutionState outcome, String status, ErrorInfo error) {
    public Observation {
        if (outcome != ExecutionState.IN_PROGRESS
                && outcome != ExecutionState.SUCCEEDED
                && outcome != ExecutionState.FAILED) {
            throw new IllegalArgumentException("'outcome' must be IN_PROGRESS, SUCCEEDED or FAILED.");
        }
    }
}
