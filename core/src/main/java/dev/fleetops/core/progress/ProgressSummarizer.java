package dev.fleetops.core.progress;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import dev.fleetops.contract.Action;
import dev.fleetops.contract.ActionReport;
import dev.fleetops.contract.DmReported;
import dev.fleetops.contract.ErrorInfo;
import dev.fleetops.contract.Timestamps;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns query rows into a {@link ProgressSummary}. Pure: it receives rows and never queries. Rows come
 * from twins that devices write, so every value is checked and bounded.
 */
public final class ProgressSummarizer {
    static final String OTHER = "other";
    private static final int MAX_VALUE_LENGTH = 64;

    private final ProgressSettings settings;
    private final List<Action<?, ?>> actions;

    public ProgressSummarizer(ProgressSettings settings) {
        this(settings, Action.all());
    }

    /** @param actions the actions whose sections are summarized (FleetOps ships {@link Action#all()}) */
    public ProgressSummarizer(ProgressSettings settings, List<Action<?, ?>> actions) {
        this.settings = settings;
        this.actions = List.copyOf(actions);
    }

    /** Inputs of one summary, as returned by the {@link ProgressQueries}. */
    public record Rows(
            List<JsonObject> total,
            Map<Action<?, ?>, List<JsonObject>> statusCounts,
            List<JsonObject> versions,
            List<JsonObject> stuckTwins,
            List<JsonObject> failedTwins) {}

    public ProgressSummary summarize(Instant now, Rows rows) {
        long total = rows.total().isEmpty() ? 0 : count(rows.total().get(0));
        Map<String, Map<String, Long>> byAction = new LinkedHashMap<>();
        for (Action<?, ?> action : actions) {
            byAction.put(
                    action.methodName(),
                    counts(rows.statusCounts().getOrDefault(action, List.of()), ProgressQueries.STATUS_ALIAS));
        }
        Instant cutoff = now.minus(settings.stuckAfter());
        List<ProgressSummary.StuckDevice> stuck = stuck(rows.stuckTwins(), cutoff);
        List<ProgressSummary.Failure> failures = failures(rows.failedTwins());
        boolean truncated = rows.stuckTwins().size() >= settings.maxScanRows()
                || rows.failedTwins().size() >= settings.maxScanRows()
                || stuck.size() > ProgressSettings.MAX_STUCK_LISTED;
        return new ProgressSummary(
                Timestamps.format(now),
                total,
                settings.stuckAfter().toMinutes(),
                byAction,
                counts(rows.versions(), ProgressQueries.VERSION_ALIAS),
                stuck.size() > ProgressSettings.MAX_STUCK_LISTED
                        ? stuck.subList(0, ProgressSettings.MAX_STUCK_LISTED)
                        : stuck,
                failures.size() > settings.failureLimit() ? failures.subList(0, settings.failureLimit()) : failures,
                truncated);
    }

    /** GROUP BY rows to a sorted map; an absent key is {@code none}, overflow goes to {@code other}. */
    static Map<String, Long> counts(List<JsonObject> rows, String keyAlias) {
        Map<String, Long> out = new TreeMap<>();
        for (JsonObject row : rows) {
            String key = value(row.get(keyAlias));
            if (!out.containsKey(key) && out.size() >= ProgressSettings.MAX_DISTINCT_VALUES) {
                key = OTHER;
            }
            out.merge(key, count(row), Long::sum);
        }
        return out;
    }

    private static String value(JsonElement e) {
        if (e == null || e.isJsonNull()) {
            return ProgressSummary.NONE;
        }
        if (!(e instanceof JsonPrimitive p)) {
            return OTHER;
        }
        String s = p.getAsString();
        return s.length() > MAX_VALUE_LENGTH ? s.substring(0, MAX_VALUE_LENGTH) : s;
    }

    private static long count(JsonObject row) {
        JsonElement c = row.get(ProgressQueries.COUNT_ALIAS);
        if (c instanceof JsonPrimitive p && p.isNumber()) {
            long n = p.getAsLong();
            return Math.max(0, n);
        }
        return 0;
    }

    private List<ProgressSummary.StuckDevice> stuck(List<JsonObject> twins, Instant cutoff) {
        List<ProgressSummary.StuckDevice> out = new ArrayList<>();
        for (JsonObject twin : twins) {
            String deviceId = deviceId(twin);
            for (Section s : sections(twin)) {
                if (s.status != null && !s.terminal && s.updatedAt != null && s.updatedAt.isBefore(cutoff)) {
                    out.add(new ProgressSummary.StuckDevice(
                            deviceId, s.action, s.status, s.operationId, Timestamps.format(s.updatedAt)));
                }
            }
        }
        out.sort(Comparator.comparing(ProgressSummary.StuckDevice::updatedAt));
        return out;
    }

    private List<ProgressSummary.Failure> failures(List<JsonObject> twins) {
        List<Section> failed = new ArrayList<>();
        for (JsonObject twin : twins) {
            for (Section s : sections(twin)) {
                if (s.failed) {
                    failed.add(s);
                }
            }
        }
        failed.sort(Comparator.comparing((Section s) -> s.updatedAt == null ? Instant.EPOCH : s.updatedAt)
                .reversed());
        List<ProgressSummary.Failure> out = new ArrayList<>();
        for (Section s : failed) {
            out.add(new ProgressSummary.Failure(
                    s.deviceId,
                    s.action,
                    s.status,
                    s.operationId,
                    s.updatedAt == null ? null : Timestamps.format(s.updatedAt),
                    s.error));
        }
        return out;
    }

    private static String deviceId(JsonObject twin) {
        return twin.get("deviceId") instanceof JsonPrimitive p ? value(p) : "?";
    }

    private record Section(
            String deviceId,
            String action,
            String status,
            boolean terminal,
            boolean failed,
            String operationId,
            Instant updatedAt,
            ErrorInfo error) {}

    /** The reported action sections of one twin, classified by their status enums. */
    private List<Section> sections(JsonObject twin) {
        JsonObject reported =
                twin.get("properties") instanceof JsonObject props && props.get("reported") instanceof JsonObject r
                        ? r
                        : null;
        DmReported dm = DmReported.fromReported(reported);
        String id = deviceId(twin);
        List<Section> out = new ArrayList<>();
        for (Action<?, ?> action : actions) {
            ActionReport r = dm.section(action);
            if (r != null && r.status() != null) {
                out.add(new Section(
                        id,
                        action.methodName(),
                        r.status().wireName(),
                        r.status().isTerminal(),
                        r.status().isFailure(),
                        r.operationId(),
                        time(r.updatedAt()),
                        r.error()));
            }
        }
        return out;
    }

    private static Instant time(String text) {
        return Timestamps.parse(text).orElse(null);
    }
}
