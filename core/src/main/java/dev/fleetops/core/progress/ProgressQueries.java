package dev.fleetops.core.progress;

import dev.fleetops.contract.Action;
import dev.fleetops.contract.ActionStatus;
import dev.fleetops.contract.ReportedPaths;
import dev.fleetops.contract.Timestamps;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The IoT Hub queries behind a progress summary. Everything in them comes from contract constants and
 * a timestamp this class formats itself, so no outside text can reach the query language. The
 * {@code GROUP BY} queries return one row per distinct value, so their cost does not grow with the fleet.
 */
public final class ProgressQueries {
    public static final String STATUS_ALIAS = "status";
    public static final String VERSION_ALIAS = "version";
    public static final String COUNT_ALIAS = "count";

    private ProgressQueries() {}

    public static String total() {
        return "SELECT COUNT() AS " + COUNT_ALIAS + " FROM devices";
    }

    public static String statusCounts(Action<?, ?> action) {
        String path = ReportedPaths.status(action);
        return "SELECT " + path + " AS " + STATUS_ALIAS + ", COUNT() AS " + COUNT_ALIAS + " FROM devices GROUP BY "
                + path;
    }

    public static String firmwareVersionCounts() {
        return "SELECT " + ReportedPaths.FIRMWARE_VERSION + " AS " + VERSION_ALIAS + ", COUNT() AS " + COUNT_ALIAS
                + " FROM devices GROUP BY " + ReportedPaths.FIRMWARE_VERSION;
    }

    /** Twins with any action in a non-terminal status last updated before {@code cutoff}. */
    public static String stuck(Instant cutoff) {
        return stuck(cutoff, Action.all());
    }

    /** As {@link #stuck(Instant)}, over {@code actions}' sections. */
    public static String stuck(Instant cutoff, List<Action<?, ?>> actions) {
        String t = quote(Timestamps.format(cutoff));
        List<String> clauses = new ArrayList<>();
        for (Action<?, ?> action : actions) {
            clauses.add("(" + ReportedPaths.status(action) + " IN " + list(statuses(action, s -> !s.isTerminal()))
                    + " AND " + ReportedPaths.updatedAt(action) + " < " + t + ")");
        }
        return "SELECT * FROM devices WHERE " + String.join(" OR ", clauses);
    }

    /** Twins with any action in a failed status. */
    public static String failed() {
        return failed(Action.all());
    }

    /** As {@link #failed()}, over {@code actions}' sections. */
    public static String failed(List<Action<?, ?>> actions) {
        List<String> clauses = new ArrayList<>();
        for (Action<?, ?> action : actions) {
            clauses.add(ReportedPaths.status(action) + " IN " + list(statuses(action, ActionStatus::isFailure)));
        }
        return "SELECT * FROM devices WHERE " + String.join(" OR ", clauses);
    }

    /** Wire names of an action's statuses that match {@code filter}; the status enums decide, as everywhere. */
    static List<String> statuses(Action<?, ?> action, Predicate<ActionStatus> filter) {
        List<String> out = new ArrayList<>();
        for (ActionStatus s : action.statuses()) {
            if (filter.test(s)) {
                out.add(s.wireName());
            }
        }
        return out;
    }

    private static String list(List<String> values) {
        List<String> quoted = new ArrayList<>();
        for (String v : values) {
            quoted.add(quote(v));
        }
        return "[" + String.join(", ", quoted) + "]";
    }

    private static String quote(String constant) {
        if (!constant.matches("[A-Za-z0-9:.\\-]+")) {
            throw new IllegalArgumentException("'constant' is not query-safe: " + constant);
        }
        return "'" + constant + "'";
    }
}
