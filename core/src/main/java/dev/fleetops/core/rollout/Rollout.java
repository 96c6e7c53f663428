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
 * <li>{@code reason}: why it is paused, aborted, canceled or rejected, with the numbers; null otherwise</li>
 * <li>{@code approval}: the two-person approval it needed ({@link Approval}), or null for one that needed none</li>
 * <li>{@code soak}: the open wave met its threshold and is being watched before the next one opens ({@link Soak}), or
 * null</li>
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
    private final Approval approval;
    private final Soak soak;

    private Rollout(
            String id,
            RolloutState state,
            RolloutConfig config,
            int openWave,
            Instant createdAt,
            Instant updatedAt,
            String reason,
            Approval approval,
            Soak soak) {
        this.id = id;
        this.state = state;
        this.config = config;
        this.openWave = openWave;
        this.createdAt = createdAt;
        this.updatedAt = updatedAt;
        this.reason = reason;
        this.approval = approval;
        this.soak = soak;
    }

    /** A new operation: scheduled, wave 0 open. */
    public static Rollout scheduled(String id, RolloutConfig config, Instant now) {
        return new Rollout(id, RolloutState.SCHEDULED, config, 0, now, now, null, null, null);
    }

    /**
     * A new filter-targeted operation: the timer selects its devices first ({@link RolloutState#RESOLVING}), then it
     * waits for {@code approval} (pending) if it needs one, so the approver sees what the filter selected.
     *
     * @param approval the pending approval it will wait for once resolved, or null
     */
    public static Rollout resolving(String id, RolloutConfig config, Instant now, Approval approval) {
        if (approval != null && approval.status() != Approval.Status.PENDING) {
            throw new IllegalArgumentException("'approval' must be pending");
        }
        return new Rollout(id, RolloutState.RESOLVING, config, 0, now, now, null, approval, null);
    }

    /** A new operation that waits for a second Admin's {@code approval} (pending) before it is scheduled. */
    public static Rollout pendingApproval(String id, RolloutConfig config, Instant now, Approval approval) {
        if (approval == null || approval.status() != Approval.Status.PENDING) {
            throw new IllegalArgumentException("'approval' must be pending");
        }
        return new Rollout(id, RolloutState.PENDING_APPROVAL, config, 0, now, now, null, approval, null);
    }

    /** An operation as a store saved it. Not a transition: it only rebuilds what was saved. */
    public static Rollout restore(
            String id,
            RolloutState state,
            RolloutConfig config,
            int openWave,
            Instant createdAt,
            Instant updatedAt,
            String reason) {
        return restore(id, state, config, openWave, createdAt, updatedAt, reason, null);
    }

    /** An operation as a store saved it, with the approval it needed (or null). */
    public static Rollout restore(
            String id,
            RolloutState state,
            RolloutConfig config,
            int openWave,
            Instant createdAt,
            Instant updatedAt,
            String reason,
            Approval approval) {
        return restore(id, state, config, openWave, createdAt, updatedAt, reason, approval, null);
    }

    /** An operation as a store saved it, with its approval and the soak of its open wave (either may be null). */
    public static Rollout restore(
            String id,
            RolloutState state,
            RolloutConfig config,
            int openWave,
            Instant createdAt,
            Instant updatedAt,
            String reason,
            Approval approval,
            Soak soak) {
        return new Rollout(id, state, config, openWave, createdAt, updatedAt, reason, approval, soak);
    }

    /** Moves to {@code next} with its {@code why} (null clears the reason). */
    Rollout to(RolloutState next, Instant now, String why) {
        Transitions.require(id, state, next);
        return new Rollout(id, next, config, openWave, createdAt, now, why, approval, soak);
    }

    /** Moves to {@code next}, recording how its approval was decided. */
    Rollout to(RolloutState next, Approval decided, Instant now, String why) {
        Transitions.require(id, state, next);
        return new Rollout(id, next, config, openWave, createdAt, now, why, decided, soak);
    }

    /** Opens waves up to {@code wave}; the state stays, and a soak of the wave before it is over. */
    Rollout withOpenWave(int wave, Instant now) {
        if (wave < openWave || wave >= config.waves().waveCount()) {
            throw new IllegalArgumentException("'wave' must be between " + openWave + " and the last wave: " + wave);
        }
        return new Rollout(id, state, config, wave, createdAt, now, reason, approval, wave == openWave ? soak : null);
    }

    /** Starts, updates or (null) ends the soak of the open wave; the state stays. */
    Rollout withSoak(Soak next, Instant now) {
        if (next != null && next.wave() != openWave) {
            throw new IllegalArgumentException("only the open wave soaks: " + next.wave());
        }
        return new Rollout(id, state, config, openWave, createdAt, now, reason, approval, next);
    }

    /** Marks a change of one of its devices; the state stays. */
    Rollout touched(Instant now) {
        return new Rollout(id, state, config, openWave, createdAt, now, reason, approval, soak);
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

    /** The two-person approval this operation needed, or null when it needed none. */
    public Approval approval() {
        return approval;
    }

    /** The soak of the open wave, or null when it is not soaking. */
    public Soak soak() {
        return soak;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Rollout r
                && openWave == r.openWave
                && Objects.equals(id, r.id)
                && state == r.state
                && Objects.equals(config, r.config)
                && Objects.equals(createdAt, r.createdAt)
                && Objects.equals(updatedAt, r.updatedAt)
                && Objects.equals(reason, r.reason)
                && Objects.equals(approval, r.approval)
                && Objects.equals(soak, r.soak);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, state, config, openWave, createdAt, updatedAt, reason, approval, soak);
    }

    @Override
    public String toString() {
        return "Rollout[id=" + id + ", state=" + state + ", openWave=" + openWave + ", createdAt=" + createdAt
                + ", updatedAt=" + updatedAt + ", reason=" + reason + ", approval=" + approval + ", soak=" + soak
                + ", config=" + config
                + "]";
    }
}
