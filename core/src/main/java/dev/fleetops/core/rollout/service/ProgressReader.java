package dev.fleetops.core.rollout.service;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.fleetops.contract.Action;
import dev.fleetops.contract.ActionRequest;
import dev.fleetops.contract.Timestamps;
import dev.fleetops.core.hub.HubCallException;
import dev.fleetops.core.hub.HubFailure;
import dev.fleetops.core.hub.TwinQueries;
import dev.fleetops.core.rollout.Observation;
import dev.fleetops.core.rollout.RolloutEngine;
import dev.fleetops.core.rollout.service.ProgressCursor.Bucket;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads an operation's progress from twins with hub requests that do not grow with the fleet:
 * <ol>
 * <li>one {@code GROUP BY} query counts the twins per (attempt, status) with the newest report time
 *     ({@link DeviceProgress#countQuery});</li>
 * <li>unchanged since the last tick ({@link ProgressCursor}) → nothing else is read;</li>
 * <li>changed → only the rows reported since the watermark minus an overlap (device clocks drift, and the
 *     hub's query index lags a little) are fetched;</li>
 * <li>if those rows do not account for the change (a device whose clock is further behind than the overlap,
 *     or a device that reports no {@code updatedAt}), every row of the operation is read once, as before.</li>
 * </ol>
 * Reading a report twice is harmless: the engine only absorbs reports about the attempt in flight.
 */
public final class ProgressReader {
    public static final Duration DEFAULT_OVERLAP = Duration.ofMinutes(2);
    /**
     * Most (attempt, status) groups a cursor keeps. A real operation has a few dozen (attempts × statuses);
     * beyond this the cursor is not kept and every tick reads every row, so the operation row stays small
     * whatever the twins hold.
     */
    static final int MAX_BUCKETS = 256;

    /** What a read did. */
    public enum Mode {
        /** Nothing in flight: no request. */
        NONE,
        /** The counts were unchanged (or empty): one request. */
        SKIPPED,
        /** Only rows reported since the watermark were fetched. */
        DELTA,
        /** Every row of the operation was fetched (first read, or the delta did not explain the change). */
        FULL
    }

    /**
     * @param queries twin queries sent (each may be several pages; {@code rows} tells how many rows came back)
     */
    public record Reading(
            Map<String, Observation> observations, ProgressCursor cursor, Mode mode, int queries, int rows) {
        public static Reading none(ProgressCursor cursor) {
            return new Reading(Map.of(), cursor, Mode.NONE, 0, 0);
        }
    }

    private final TwinQueries twins;
    private final Duration overlap;
    private final int maxRows;

    public ProgressReader(TwinQueries twins, Duration overlap, int maxRows) {
        if (overlap.isNegative()) {
            throw new IllegalArgumentException("'overlap' must not be negative.");
        }
        this.twins = twins;
        this.overlap = overlap;
        this.maxRows = maxRows;
    }

    /**
     * Only groups and rows whose operation id is a well-formed attempt id of this operation, no later than
     * {@code maxAttempt}, and whose status is one of the action's statuses count: any twin in the hub may
     * report anything (IoT Hub allows 4 KB strings), and the cursor is saved on the operation's row.
     *
     * @param previous   the cursor saved by the last tick, or null
     * @param deviceIds  the operation's devices, rows about other devices are ignored; null: every row is kept, and
     *                   the caller ignores rows about devices the operation does not have
     * @param maxAttempt the highest attempt any device of the operation can be reporting
     */
    public Reading read(
            String rolloutId, Action<?, ?> action, ProgressCursor previous, Set<String> deviceIds, int maxAttempt) {
        return read(rolloutId, action, previous, deviceIds, maxAttempt, null);
    }

    /** As above; a success counts only when the report shows what {@code target} asked for (null: any). */
    public Reading read(
            String rolloutId,
            Action<?, ?> action,
            ProgressCursor previous,
            Set<String> deviceIds,
            int maxAttempt,
            ActionRequest target) {
        Reports reports = new Reports(rolloutId, action, maxAttempt, target);
        List<JsonObject> countRows;
        try {
            countRows = twins.query(DeviceProgress.countQuery(rolloutId, action), maxRows);
        } catch (HubCallException e) {
            if (e.failure().kind() != HubFailure.Kind.OTHER) {
                throw e;
            }
            // The hub rejected the aggregate itself (a query-language difference, not an outage): read
            // every row as FleetOps did before counts existed, and keep the previous cursor.
            List<JsonObject> all = twins.query(DeviceProgress.rowsQuery(rolloutId, action, null), maxRows);
            return new Reading(observations(all, reports, deviceIds), previous, Mode.FULL, 2, all.size());
        }
        Map<String, Bucket> counts = counts(countRows, reports);
        if (counts.size() > MAX_BUCKETS) {
            // Too many groups to keep: read every row, and keep no buckets, so the next tick does too.
            List<JsonObject> all = twins.query(DeviceProgress.rowsQuery(rolloutId, action, null), maxRows);
            ProgressCursor bare = new ProgressCursor(previous == null ? null : previous.watermark(), Map.of());
            return new Reading(observations(all, reports, deviceIds), bare, Mode.FULL, 2, counts.size() + all.size());
        }
        ProgressCursor next = new ProgressCursor(newestOf(counts, previous), counts);
        Mode mode = decide(previous, counts);
        if (mode == Mode.SKIPPED) {
            return new Reading(Map.of(), next, mode, 1, counts.size());
        }
        int queries = 1;
        int rowsRead = counts.size();
        List<JsonObject> rows = List.of();
        if (mode == Mode.DELTA) {
            String since = since(previous.watermark(), overlap);
            rows = twins.query(DeviceProgress.rowsQuery(rolloutId, action, since), maxRows);
            queries++;
            rowsRead += rows.size();
            if (!explains(previous, counts, bucketsOf(rows, reports), since)) {
                mode = Mode.FULL;
            }
        }
        if (mode == Mode.FULL) {
            rows = twins.query(DeviceProgress.rowsQuery(rolloutId, action, null), maxRows);
            queries++;
            rowsRead += rows.size();
        }
        return new Reading(observations(rows, reports, deviceIds), next, mode, queries, rowsRead);
    }

    private static Map<String, Observation> observations(
            List<JsonObject> rows, Reports reports, Set<String> deviceIds) {
        Map<String, Observation> out = new HashMap<>();
        for (JsonObject row : rows) {
            String deviceId = string(row, "deviceId");
            if (deviceId != null && (deviceIds == null || deviceIds.contains(deviceId))) {
                DeviceProgress.observeRow(row, reports.rolloutId(), reports.action(), reports.target())
                        .ifPresent(o -> out.put(deviceId, o));
            }
        }
        return out;
    }

    /** Whether the counts call for reading rows, and which. */
    static Mode decide(ProgressCursor previous, Map<String, Bucket> counts) {
        if (counts.isEmpty() || (previous != null && previous.buckets().equals(counts))) {
            return Mode.SKIPPED;
        }
        return previous == null || previous.watermark() == null ? Mode.FULL : Mode.DELTA;
    }

    /**
     * Whether the fetched rows account for the change in counts: every group that grew must have at least
     * as many fetched rows as it gained, and a group whose newest report is at or after {@code since} must
     * have a fetched row. A device missing from the delta makes one of these fail.
     *
     * @param fetched rows per bucket key among the fetched rows
     */
    static boolean explains(
            ProgressCursor previous, Map<String, Bucket> counts, Map<String, Long> fetched, String since) {
        for (Map.Entry<String, Bucket> e : counts.entrySet()) {
            Bucket before = previous.buckets().get(e.getKey());
            long gained = e.getValue().count() - (before == null ? 0 : before.count());
            long seen = fetched.getOrDefault(e.getKey(), 0L);
            if (gained > seen) {
                return false;
            }
            String latest = e.getValue().latest();
            boolean newer = before == null || !Objects.equals(before.latest(), latest);
            if (newer && seen == 0 && latest != null && latest.compareTo(since) >= 0) {
                return false;
            }
        }
        return true;
    }

    /** The watermark minus the overlap, as a contract timestamp. */
    static String since(String watermark, Duration overlap) {
        return Timestamps.parse(watermark)
                .map(t -> Timestamps.format(t.minus(overlap)))
                .orElse("0000-01-01T00:00:00.000Z");
    }

    /** The newest report time in the counts; never moves back (a device leaving a group cannot lower it). */
    static String newestOf(Map<String, Bucket> counts, ProgressCursor previous) {
        String newest = previous == null ? null : previous.watermark();
        for (Bucket b : counts.values()) {
            if (b.latest() != null
                    && Timestamps.parse(b.latest()).isPresent()
                    && (newest == null || b.latest().compareTo(newest) > 0)) {
                newest = b.latest();
            }
        }
        return newest;
    }

    /** Which reported (operation id, status) pairs are about this operation and worth counting. */
    record Reports(String rolloutId, Action<?, ?> action, int maxAttempt, ActionRequest target) {
        boolean counts(String operationId, String status) {
            int attempt = RolloutEngine.attemptOf(rolloutId, operationId);
            return attempt >= 1
                    && attempt <= maxAttempt
                    && action.status(status).isPresent();
        }
    }

    static Map<String, Bucket> counts(List<JsonObject> rows, Reports reports) {
        Map<String, Bucket> out = new TreeMap<>();
        for (JsonObject row : rows) {
            String op = string(row, "op");
            String status = string(row, "status");
            JsonElement n = row.get("n");
            if (!reports.counts(op, status)
                    || n == null
                    || !n.isJsonPrimitive()
                    || !n.getAsJsonPrimitive().isNumber()) {
                continue;
            }
            String latest = string(row, "latest");
            out.merge(
                    ProgressCursor.key(op, status),
                    new Bucket(
                            n.getAsLong(),
                            latest != null && Timestamps.parse(latest).isPresent() ? latest : null),
                    (a, b) -> new Bucket(a.count() + b.count(), max(a.latest(), b.latest())));
        }
        return out;
    }

    private static Map<String, Long> bucketsOf(List<JsonObject> rows, Reports reports) {
        Map<String, Long> out = new HashMap<>();
        for (JsonObject row : rows) {
            if (row.get("section") instanceof JsonObject s) {
                String op = string(s, "operationId");
                String status = string(s, "status");
                if (reports.counts(op, status)) {
                    out.merge(ProgressCursor.key(op, status), 1L, Long::sum);
                }
            }
        }
        return out;
    }

    private static String max(String a, String b) {
        return a == null ? b : b == null ? a : a.compareTo(b) >= 0 ? a : b;
    }

    private static String string(JsonObject o, String name) {
        JsonElement e = o.get(name);
        return e != null && e.isJsonPrimitive() && e.getAsJsonPrimitive().isString() ? e.getAsString() : null;
    }
}
