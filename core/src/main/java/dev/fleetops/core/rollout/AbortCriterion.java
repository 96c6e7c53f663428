package dev.fleetops.core.rollout;

import java.util.Optional;

/**
 * Abort the operation when, after at least {@code minFinished} devices finished, the share of
 * finished devices of {@code type} reaches {@code thresholdPercent}. "Reaches" means {@code >=}, as AWS
 * IoT Jobs documents it: a 10% threshold trips at exactly 10%.
 */
public record AbortCriterion(FailureType type, int minFinished, double thresholdPercent) {
    public AbortCriterion {
        if (type == null) {
            throw new IllegalArgumentException("'type' cannot be null.");
        }
        if (minFinished < 1) {
            throw new IllegalArgumentException("'minFinished' must be at least 1.");
        }
        if (!(thresholdPercent > 0 && thresholdPercent <= 100)) {
            throw new IllegalArgumentException("'thresholdPercent' must be in (0, 100].");
        }
    }

    /** The decision with its numbers if the criterion trips for these counts. */
    public Optional<String> evaluate(Counts counts) {
        return check(counts).map(RolloutEvent.Aborted::numbers);
    }

    /** The abort decision if the criterion trips for these counts. */
    public Optional<RolloutEvent.Aborted> check(Counts counts) {
        long finished = counts.finished();
        if (finished < minFinished) {
            return Optional.empty();
        }
        long matching = counts.matching(type);
        double percent = 100.0 * matching / finished;
        if (percent >= thresholdPercent) {
            return Optional.of(new RolloutEvent.Aborted(type, percent, matching, finished, thresholdPercent));
        }
        return Optional.empty();
    }
}
