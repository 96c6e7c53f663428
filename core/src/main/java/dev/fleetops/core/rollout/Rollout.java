package dev.fleetops.core.rollout;

import java.time.Instant;

/**
 * A fleet operation's own state (devices are tracked in {@link DeviceExecution}s).
 *
 * @param openWave the highest wave whose devices may be dispatched
 * @param reason   why it is paused, aborted or canceled, with the numbers; null otherwise
 */
public record Rollout(String id, RolloutState state, RolloutConfig config, int openWave, Instant createdAt, Instant updatedAt,
                      String reason) {
    public Rollout with(RolloutState next, int wave, Instant now, String why) {
        return new Rollout(id, next, config, wave, createdAt, now, why);
    }
}
