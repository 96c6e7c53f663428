package dev.fleetops.core.rollout;

import dev.fleetops.contract.ErrorInfo;
import java.time.Instant;
import java.util.Objects;

/**
 * One device's execution of a fleet operation. Immutable. Its state changes only through the
 * package-private methods below, each checked against {@link Transitions}; code outside
 * {@code core/rollout} can create a new execution ({@link #queued}) or rebuild a stored one
 * ({@link #restore}), never move one to another state.
 *
 * <ul>
 * <li>{@code attempt}: dispatch attempts that counted against the retry budget (offline, throttled and refused tries do not)</li>
 * <li>{@code notBefore}: earliest time of the next dispatch (backoff), or null</li>
 * <li>{@code dispatchedAt}: when the device last accepted the request, or null</li>
 * <li>{@code lastDetail}: the device's last reported status or the last dispatch failure, for people</li>
 * <li>{@code queueReason}: why a queued device waits (null in other states)</li>
 * <li>{@code cancelReason}: who canceled a canceled device (null in other states, and for a row stored before
 *     reasons existed whose detail does not tell)</li>
 * </ul>
 */
public final class DeviceExecution {
    private final String deviceId;
    private final int wave;
    private final ExecutionState state;
    private final int attempt;
    private final Instant notBefore;
    private final Instant dispatchedAt;
    private final Instant updatedAt;
    private final String lastDetail;
    private final ErrorInfo error;
    private final QueueReason queueReason;
    private final CancelReason cancelReason;

    private DeviceExecution(
            String deviceId,
            int wave,
            ExecutionState state,
            int attempt,
            Instant notBefore,
            Instant dispatchedAt,
            Instant updatedAt,
            String lastDetail,
            ErrorInfo error,
            QueueReason queueReason,
            CancelReason cancelReason) {
        this.deviceId = deviceId;
        this.wave = wave;
        this.state = state;
        this.attempt = attempt;
        this.notBefore = notBefore;
        this.dispatchedAt = dispatchedAt;
        this.updatedAt = updatedAt;
        this.lastDetail = lastDetail;
        this.error = error;
        this.queueReason = state == ExecutionState.QUEUED ? queueReason : null;
        this.cancelReason = state == ExecutionState.CANCELED ? cancelReason : null;
    }

    /** A device just targeted: queued, waiting for its turn. */
    public static DeviceExecution queued(String deviceId, int wave, Instant now) {
        return new DeviceExecution(
                deviceId, wave, ExecutionState.QUEUED, 0, null, null, now, null, null, QueueReason.WAITING, null);
    }

    /**
     * An execution as a store saved it. Not a transition: it only rebuilds what was saved. A null reason
     * where the state needs one marks a row saved before reasons existed; it is derived the way that
     * version wrote such rows ({@link QueueReason#ofLegacy}, {@link CancelReason#ofLegacy}).
     */
    public static DeviceExecution restore(
            String deviceId,
            int wave,
            ExecutionState state,
            int attempt,
            Instant notBefore,
            Instant dispatchedAt,
            Instant updatedAt,
            String lastDetail,
            ErrorInfo error,
            QueueReason queueReason,
            CancelReason cancelReason) {
        QueueReason q =
                queueReason == null && state == ExecutionState.QUEUED ? QueueReason.ofLegacy(error) : queueReason;
        CancelReason c = cancelReason == null && state == ExecutionState.CANCELED
                ? CancelReason.ofLegacy(lastDetail)
                : cancelReason;
        return new DeviceExecution(
                deviceId, wave, state, attempt, notBefore, dispatchedAt, updatedAt, lastDetail, error, q, c);
    }

    /** {@link #restore} of a row without reasons (saved before they existed, or a test fixture). */
    public static DeviceExecution restore(
            String deviceId,
            int wave,
            ExecutionState state,
            int attempt,
            Instant notBefore,
            Instant dispatchedAt,
            Instant updatedAt,
            String lastDetail,
            ErrorInfo error) {
        return restore(
                deviceId, wave, state, attempt, notBefore, dispatchedAt, updatedAt, lastDetail, error, null, null);
    }

    // ---- transitions (checked against Transitions) ----

    /** QUEUED → IN_PROGRESS with the next attempt: the dispatch intent, or a device that acted on its desired goal. */
    DeviceExecution start(Instant now, String detail) {
        return move(ExecutionState.IN_PROGRESS, attempt + 1, null, now, now, detail, null, null, null);
    }

    /** To a final outcome other than canceled; a finished device has no next attempt. */
    DeviceExecution finish(ExecutionState outcome, Instant now, String detail, ErrorInfo err) {
        if (outcome == ExecutionState.CANCELED || !outcome.isTerminal()) {
            throw new IllegalArgumentException("'outcome' must be a final state other than CANCELED: " + outcome);
        }
        return move(outcome, attempt, null, dispatchedAt, now, detail, err, null, null);
    }

    /**
     * SUCCEEDED → FAILED: the device's success did not hold (it rolled back, its health check failed, it stayed
     * offline) while its wave was watched. Not retried: the version that failed is what a retry would install again.
     */
    DeviceExecution regress(Instant now, String detail, ErrorInfo err) {
        requireState(ExecutionState.SUCCEEDED);
        return move(ExecutionState.FAILED, attempt, null, dispatchedAt, now, detail, err, null, null);
    }

    DeviceExecution cancel(CancelReason reason, Instant now, String who) {
        return move(ExecutionState.CANCELED, attempt, null, dispatchedAt, now, reason.detail(who), null, null, reason);
    }

    /** Back to the queue until {@code next} (null: at once), keeping the attempt count. */
    DeviceExecution requeue(QueueReason reason, Instant next, Instant now, String detail, ErrorInfo err) {
        return move(ExecutionState.QUEUED, attempt, next, dispatchedAt, now, detail, err, reason, null);
    }

    private DeviceExecution move(
            ExecutionState next,
            int nextAttempt,
            Instant nextNotBefore,
            Instant nextDispatchedAt,
            Instant now,
            String detail,
            ErrorInfo err,
            QueueReason queue,
            CancelReason cancel) {
        Transitions.require(deviceId, state, next);
        return new DeviceExecution(
                deviceId, wave, next, nextAttempt, nextNotBefore, nextDispatchedAt, now, detail, err, queue, cancel);
    }

    // ---- changes that keep the state ----

    /** A queued device that may not go before {@code next} (its own maintenance window opens then). */
    DeviceExecution deferred(Instant next, Instant now, String detail) {
        requireState(ExecutionState.QUEUED);
        return new DeviceExecution(
                deviceId, wave, state, attempt, next, dispatchedAt, now, detail, error, QueueReason.WAITING, null);
    }

    /** A new progress status of the attempt in flight. */
    DeviceExecution progressed(Instant now, String detail) {
        requireState(ExecutionState.IN_PROGRESS);
        return new DeviceExecution(
                deviceId, wave, state, attempt, notBefore, dispatchedAt, now, detail, null, null, null);
    }

    /**
     * The dispatch intent's call did not reach the device or the device did not take it: the device did
     * not accept, so the last dispatch time is {@code before}'s again, and unless the try counts against
     * the retry budget ({@code counted}) so is the attempt number. Still IN_PROGRESS; the caller moves it on.
     */
    DeviceExecution notAccepted(DeviceExecution before, boolean counted) {
        requireState(ExecutionState.IN_PROGRESS);
        return new DeviceExecution(
                deviceId,
                wave,
                state,
                counted ? attempt : before.attempt,
                notBefore,
                before.dispatchedAt,
                updatedAt,
                lastDetail,
                error,
                null,
                null);
    }

    private void requireState(ExecutionState expected) {
        if (state != expected) {
            throw new IllegalTransitionException(
                    IllegalTransitionException.Machine.EXECUTION, state, expected, "of device " + deviceId);
        }
    }

    // ---- values ----

    public String deviceId() {
        return deviceId;
    }

    public int wave() {
        return wave;
    }

    public ExecutionState state() {
        return state;
    }

    public int attempt() {
        return attempt;
    }

    public Instant notBefore() {
        return notBefore;
    }

    public Instant dispatchedAt() {
        return dispatchedAt;
    }

    public Instant updatedAt() {
        return updatedAt;
    }

    public String lastDetail() {
        return lastDetail;
    }

    public ErrorInfo error() {
        return error;
    }

    public QueueReason queueReason() {
        return queueReason;
    }

    public CancelReason cancelReason() {
        return cancelReason;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DeviceExecution e
                && wave == e.wave
                && attempt == e.attempt
                && Objects.equals(deviceId, e.deviceId)
                && state == e.state
                && Objects.equals(notBefore, e.notBefore)
                && Objects.equals(dispatchedAt, e.dispatchedAt)
                && Objects.equals(updatedAt, e.updatedAt)
                && Objects.equals(lastDetail, e.lastDetail)
                && Objects.equals(error, e.error)
                && queueReason == e.queueReason
                && cancelReason == e.cancelReason;
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                deviceId,
                wave,
                state,
                attempt,
                notBefore,
                dispatchedAt,
                updatedAt,
                lastDetail,
                error,
                queueReason,
                cancelReason);
    }

    @Override
    public String toString() {
        return "DeviceExecution[deviceId=" + deviceId + ", wave=" + wave + ", state=" + state + ", attempt=" + attempt
                + ", notBefore="
                + notBefore + ", dispatchedAt=" + dispatchedAt + ", updatedAt=" + updatedAt + ", lastDetail="
                + lastDetail + ", error="
                + error + ", queueReason=" + queueReason + ", cancelReason=" + cancelReason + "]";
    }
}
