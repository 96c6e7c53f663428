package dev.fleetops.core.rollout.service;

import dev.fleetops.core.rollout.Approval;
import dev.fleetops.core.rollout.Counts;
import dev.fleetops.core.rollout.DeviceExecution;
import dev.fleetops.core.rollout.ExecutionState;
import dev.fleetops.core.rollout.Tally;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What {@code GET /api/operations/{id}} shows: state, counts per execution state and per wave, recent
 * rates and an ETA derived from them, and for an operation that needed a second Admin, who asked, who decided and when.
 *
 * @param succeededPerMinute devices that succeeded per minute over the last 5 minutes
 * @param etaSeconds         remaining devices at the current success rate, or null when it cannot be estimated
 * @param approval           the two-person approval, or null for an operation that needed none
 * @param queueReasons       queued devices per {@code QueueReason} wire name (only reasons with devices);
 *                           {@code hubUnavailable} says the operation waits for the hub, not for its devices
 * @param goalsPending       desired-property goals this operation wrote for offline devices may still be in twins
 *                           (removed once the operation is over, retried until done)
 * @param soak               the open wave's soak and what it waits for, or null when it is not soaking
 */
public record RolloutSummary(
        String id,
        String state,
        String reason,
        String action,
        int deviceCount,
        int openWave,
        String createdBy,
        String createdAt,
        String updatedAt,
        Map<String, Long> counts,
        List<WaveSummary> waves,
        double dispatchedPerMinute,
        double succeededPerMinute,
        Long etaSeconds,
        ApprovalView approval,
        Map<String, Long> queueReasons,
        boolean goalsPending,
        SoakView soak) {

    /**
     * @param wave    the wave being watched
     * @param since   when it met its threshold
     * @param until   when the soak is over (then the gates are asked)
     * @param waiting what it waits for now, in words
     */
    public record SoakView(int wave, String since, String until, String waiting) {
        static SoakView of(dev.fleetops.core.rollout.Rollout r) {
            dev.fleetops.core.rollout.Soak s = r.soak();
            return s == null
                    ? null
                    : new SoakView(
                            s.wave(),
                            s.since().toString(),
                            s.endsAt(r.config().gates()).toString(),
                            s.waiting());
        }
    }

    /** An operation that needed no approval. */
    public RolloutSummary(
            String id,
            String state,
            String reason,
            String action,
            int deviceCount,
            int openWave,
            String createdBy,
            String createdAt,
            String updatedAt,
            Map<String, Long> counts,
            List<WaveSummary> waves,
            double dispatchedPerMinute,
            double succeededPerMinute,
            Long etaSeconds) {
        this(
                id,
                state,
                reason,
                action,
                deviceCount,
                openWave,
                createdBy,
                createdAt,
                updatedAt,
                counts,
                waves,
                dispatchedPerMinute,
                succeededPerMinute,
                etaSeconds,
                null,
                Map.of(),
                false,
                null);
    }

    public record WaveSummary(int wave, int size, Map<String, Long> counts) {}

    /**
     * @param status      {@code pending}, {@code approved}, {@code rejected}, {@code expired} or {@code withdrawn}
     * @param requestedBy the creator as {@code name (object id)}; {@code requestedById} the object id alone
     * @param decidedBy   who approved, rejected or withdrew it (null while pending and when it expired)
     * @param decidedAt   when it was decided, expired or withdrawn
     * @param reason      a rejecter's reason
     */
    public record ApprovalView(
            String status,
            String requestedBy,
            String requestedById,
            String requestedAt,
            String expiresAt,
            String decidedBy,
            String decidedById,
            String decidedAt,
            String reason) {
        static ApprovalView of(Approval a) {
            return a == null
                    ? null
                    : new ApprovalView(
                            a.status().wireName(),
                            a.requestedBy(),
                            a.requestedById(),
                            a.requestedAt().toString(),
                            a.expiresAt().toString(),
                            a.decidedBy(),
                            a.decidedById(),
                            a.decidedAt() == null ? null : a.decidedAt().toString(),
                            a.comment());
        }
    }

    static final Duration RATE_WINDOW = Duration.ofMinutes(5);

    public static RolloutSummary of(StoredRollout r, List<DeviceExecution> executions, Instant now) {
        Instant since = now.minus(RATE_WINDOW);
        long dispatched = executions.stream()
                .filter(e -> e.dispatchedAt() != null && e.dispatchedAt().isAfter(since))
                .count();
        long succeeded = executions.stream()
                .filter(e ->
                        e.state() == ExecutionState.SUCCEEDED && e.updatedAt().isAfter(since))
                .count();
        double minutes = RATE_WINDOW.toSeconds() / 60.0;
        Tally tally = Tally.of(executions, r.rollout().config().waves().waveCount());
        Long eta = eta(tally, succeeded, minutes);
        return from(
                r,
                tally,
                dispatched / minutes,
                succeeded / minutes,
                r.rollout().state().isTerminal() ? null : eta,
                queueReasons(executions));
    }

    /**
     * From the operation's row alone, whatever its size: counts, rates and queue reasons come from its tally, which
     * must be {@linkplain Tally#isComplete() complete} (rows stored by an older version are counted from their devices
     * with {@link #of(StoredRollout, List, Instant)}).
     */
    public static RolloutSummary of(StoredRollout r, Instant now) {
        Tally tally = r.tally();
        if (tally == null || !tally.isComplete()) {
            throw new IllegalArgumentException("'r' must carry a complete tally.");
        }
        double minutes = RATE_WINDOW.toSeconds() / 60.0;
        long dispatched = tally.pace().dispatchedWithin(RATE_WINDOW, now);
        long succeeded = tally.pace().succeededWithin(RATE_WINDOW, now);
        Map<String, Long> reasons = new java.util.TreeMap<>();
        tally.queueReasons().forEach((reason, n) -> reasons.put(reason.wireName(), n));
        return from(
                r,
                tally,
                dispatched / minutes,
                succeeded / minutes,
                r.rollout().state().isTerminal() ? null : eta(tally, succeeded, minutes),
                reasons);
    }

    private static Long eta(Tally tally, long succeeded, double minutes) {
        long remaining = tally.all().total() - tally.all().terminal();
        return remaining == 0
                ? Long.valueOf(0)
                : succeeded == 0 ? null : Math.round(remaining / (succeeded / minutes) * 60);
    }

    /**
     * A list item, from the tally on the operation's row alone (no device row is read): counts per state and per
     * wave as of the last save; rates, ETA and queue reasons are left out (0, null, empty): they need the device
     * rows, which {@code GET /api/operations/{id}} reads.
     */
    public static RolloutSummary listed(StoredRollout r) {
        return from(r, r.tally(), 0, 0, null, Map.of());
    }

    private static RolloutSummary from(
            StoredRollout r,
            Tally tally,
            double dispatchedPerMinute,
            double succeededPerMinute,
            Long etaSeconds,
            Map<String, Long> queueReasons) {
        List<WaveSummary> waves = new ArrayList<>();
        for (int w = 0; w < tally.waves().size(); w++) {
            Counts c = tally.waves().get(w);
            waves.add(new WaveSummary(w, (int) c.total(), names(c)));
        }
        return new RolloutSummary(
                r.rollout().id(),
                r.rollout().state().wireName(),
                r.rollout().reason(),
                r.action(),
                r.deviceCount(),
                r.rollout().openWave(),
                r.createdBy(),
                r.rollout().createdAt().toString(),
                r.rollout().updatedAt().toString(),
                names(tally.all()),
                waves,
                dispatchedPerMinute,
                succeededPerMinute,
                etaSeconds,
                ApprovalView.of(r.rollout().approval()),
                queueReasons,
                r.goalsPending(),
                SoakView.of(r.rollout()));
    }

    private static Map<String, Long> queueReasons(List<DeviceExecution> executions) {
        Map<String, Long> out = new java.util.TreeMap<>();
        for (DeviceExecution e : executions) {
            if (e.state() == ExecutionState.QUEUED && e.queueReason() != null) {
                out.merge(e.queueReason().wireName(), 1L, Long::sum);
            }
        }
        return out;
    }

    private static Map<String, Long> names(Counts c) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (ExecutionState s : ExecutionState.values()) {
            out.put(s.name().toLowerCase(Locale.ROOT), c.get(s));
        }
        return out;
    }
}
