package dev.fleetops.core.rollout;

import java.time.Instant;
import java.util.Objects;

/**
 * A fleet operation's own state (devices are tracked in {@link DeviceExecution}s). Immutable. Its
 * state changes only through {@link #to}, checked against {@link Transitions}; the other changes keep
 * the state and have their own names.
 *
 * <ul>
 * <li>{@code openWave}: the highest wave whose devices may be dispatched</li>
 * <li>{@code reason}: why it is paused, aborted or canceled, with the numbers; null otherwise</li>
 * </ul>
 */
public final class Rollout {
    private final String id;
    private final RolloutState state;
    private final RolloutConfig config;
    private final int openWave;
    private final Instant createdAt;
    private final Instant updatedAt;
    private final String reason;

    private Rollout(String id, RolloutState state, RolloutConfig config, int openWave, Instant createdAt, Instant updatedAt,
                    String reason) {
        this.id = id;
        this.state = state;
        this.config = config;
        this.openWave = openWave;
        this.createdAt = createdAt;
        this.updatedAt = updatedAt;
        this.reason = reason;
    }

    /** A new operation: scheduled, wave 0 open. */
    public static Rollout scheduled(String id, RolloutConfig config, Instant now) {
        return new Rollout(id, RolloutState.SCHEDULED, config, 0, now, now, null);
    }

    /** An operation as a store saved it. Not a transition: it only rebuilds what was saved. */
    public static Rollout restore(String id, RolloutState state, RolloutConfig config, int openWave, Instant createdAt, Instant updatedAt,
                                  String reason) {
        return new Rollout(id, state, config, openWave, createdAt, updatedAt, reason);
    }

    /** Moves to {@code next} with its {@code why} (null clears the reason). */
    Rollout to(RolloutState next, Instant now, String why) {
        Transitions.require(id, state, next);
        return new Rollout(id, next, config, openWave, createdAt, now, why);
    }

    /** Opens waves up to {@code wave}; the state stays. */
    Rollout withOpenWave(int wave, Instant now) {
        if (wave < openWave || wave >= config.waves().waveCount()) {
            throw new IllegalArgumentException("'wave' must be between " + openWave + " and the last wave: " + wave);
        }
        return new Rollout(id, state, config, wave, createdAt, now, reason);
    }

    /** Marks a change of one of its devices; the state stays. */
    Rollout touched(Instant now) {
        return new Rollout(id, state, config, openWave, createdAt, now, reason);
    }

    public String id() {
        return id;
    }

    public RolloutState state() {
        return state;
    }

    public RolloutConfig config() {
        return config;
    }

    public int openWave() {
        return openWave;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant updatedAt() {
        return updatedAt;
    }

    public String reason() {
        return reason;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Rollout r && openWave == r.openWave && Objects.equals(id, r.id) && state == r.state
                && Objects.equals(config, r.config) && Objects.equals(createdAt, r.createdAt) && Objects.equals(updatedAt, r.updatedAt)
                && Objects.equals(reason, r.reason);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, state, config, openWave, createdAt, updatedAt, reason);
    }

    @Override
    public String toString() {
        return "Rollout[id=" + id + ", state=" + state + ", openWave=" + openWave + ", createdAt=" + createdAt + ", updatedAt=" + updatedAt
                + ", reason=" + reason + ", config=" + config + "]";
    }
}
