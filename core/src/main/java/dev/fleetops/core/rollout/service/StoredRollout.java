package dev.fleetops.core.rollout.service;

import com.google.gson.JsonObject;
import dev.fleetops.core.rollout.Rollout;

/**
 * A fleet operation as stored: the engine's {@link Rollout}, what to send to devices, who started it,
 * where the last progress read stopped, and the store's concurrency token.
 *
 * @param action        the direct-method name ({@code reboot}, {@code factoryReset}, {@code firmwareUpdate})
 * @param actionPayload the method payload without operation id (the dispatcher adds one per attempt)
 * @param targetQuery   the IoT Hub query that selected the devices, or null for an explicit list
 * @param deviceCount   how many devices the operation targets
 * @param etag          opaque version from the store; saving with a stale etag fails
 * @param progress      what the last progress read saw (saved under the same etag as the decision it fed), or null
 * @param goalsPending  whether desired-property goals this operation wrote may still be in twins: set when one is
 *                      written, cleared once the operation is terminal and every one is removed (until then the
 *                      timer keeps visiting the operation, see {@link RolloutStore#active()})
 * @param tally         devices per state and wave as of this save, or null in rows saved before tallies existed
 */
public record StoredRollout(
        Rollout rollout,
        String action,
        JsonObject actionPayload,
        String targetQuery,
        int deviceCount,
        String createdBy,
        String etag,
        ProgressCursor progress,
        boolean goalsPending,
        dev.fleetops.core.rollout.Tally tally) {

    /** An operation without a tally (rows saved before tallies existed, and tests). */
    public StoredRollout(
            Rollout rollout,
            String action,
            JsonObject actionPayload,
            String targetQuery,
            int deviceCount,
            String createdBy,
            String etag,
            ProgressCursor progress,
            boolean goalsPending) {
        this(rollout, action, actionPayload, targetQuery, deviceCount, createdBy, etag, progress, goalsPending, null);
    }

    /** An operation that left no goal in any twin. */
    public StoredRollout(
            Rollout rollout,
            String action,
            JsonObject actionPayload,
            String targetQuery,
            int deviceCount,
            String createdBy,
            String etag,
            ProgressCursor progress) {
        this(rollout, action, actionPayload, targetQuery, deviceCount, createdBy, etag, progress, false);
    }

    /** An operation that has not been read from twins yet. */
    public StoredRollout(
            Rollout rollout,
            String action,
            JsonObject actionPayload,
            String targetQuery,
            int deviceCount,
            String createdBy,
            String etag) {
        this(rollout, action, actionPayload, targetQuery, deviceCount, createdBy, etag, null);
    }

    public StoredRollout withRollout(Rollout next) {
        return new StoredRollout(
                next, action, actionPayload, targetQuery, deviceCount, createdBy, etag, progress, goalsPending, tally);
    }

    public StoredRollout withEtag(String next) {
        return new StoredRollout(
                rollout,
                action,
                actionPayload,
                targetQuery,
                deviceCount,
                createdBy,
                next,
                progress,
                goalsPending,
                tally);
    }

    public StoredRollout withProgress(ProgressCursor next) {
        return new StoredRollout(
                rollout, action, actionPayload, targetQuery, deviceCount, createdBy, etag, next, goalsPending, tally);
    }

    public StoredRollout withGoalsPending(boolean next) {
        return new StoredRollout(
                rollout, action, actionPayload, targetQuery, deviceCount, createdBy, etag, progress, next, tally);
    }

    /** The operation once its filter was resolved to {@code n} devices. */
    public StoredRollout withDeviceCount(int n) {
        return new StoredRollout(
                rollout, action, actionPayload, targetQuery, n, createdBy, etag, progress, goalsPending, tally);
    }

    public StoredRollout withTally(dev.fleetops.core.rollout.Tally next) {
        return new StoredRollout(
                rollout,
                action,
                actionPayload,
                targetQuery,
                deviceCount,
                createdBy,
                etag,
                progress,
                goalsPending,
                next);
    }

    /**
     * This save's tally: {@code changed} applied to the stored one, given the rows as they were; counted afresh
     * from {@code before} when this row has none yet. The operation's {@code updatedAt} moves to the newest changed
     * row's: every save that writes device rows comes through here, so the operation never looks older than its
     * devices (before, only state and wave changes moved it, and a running operation whose devices reported every
     * minute showed the time it started).
     */
    public StoredRollout tallied(
            java.util.Map<String, dev.fleetops.core.rollout.DeviceExecution> before,
            java.util.Collection<dev.fleetops.core.rollout.DeviceExecution> changed) {
        dev.fleetops.core.rollout.Tally base = tally != null
                ? tally
                : dev.fleetops.core.rollout.Tally.of(
                        before.values(),
                        rollout.config() == null ? 1 : rollout.config().waves().waveCount());
        return withRollout(dev.fleetops.core.rollout.RolloutEngine.recorded(rollout, changed))
                .withTally(base.apply(before, changed));
    }

    /** Whether the timer still has work here: a running operation, or goals left in twins by a finished one. */
    public boolean needsTicks() {
        return !rollout.state().isTerminal() || goalsPending || draining();
    }

    /**
     * A finished operation with devices still working on it (their reports and timeouts are still taken) or still
     * queued (a tick cancels a bounded number at a time).
     */
    public boolean draining() {
        return rollout.state().isTerminal()
                && tally != null
                && (tally.all().get(dev.fleetops.core.rollout.ExecutionState.IN_PROGRESS) > 0
                        || tally.all().get(dev.fleetops.core.rollout.ExecutionState.QUEUED) > 0);
    }
}
