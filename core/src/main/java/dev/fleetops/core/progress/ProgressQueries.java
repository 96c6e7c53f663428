package dev.fleetops.core.progress;

import dev.fleetops.contract.DmMethod;
import dev.fleetops.contract.FactoryResetStatus;
import dev.fleetops.contract.FirmwareUpdateStatus;
import dev.fleetops.contract.RebootStatus;
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

    private ProgressQueries() {
    }

    public static String total() {
        return "SELECT COUNT() AS " + COUNT_ALIAS + " FROM devices";
    }

    public static String statusCounts(DmMethod action) {
        String path = ReportedPaths.status(action);
        return "SELECT " + path + " AS " + STATUS_ALIAS + ", COUNT() AS " + COUNT_ALIAS
                + " FROM devices GROUP BY " + path;
    }

    public static String firmwareVersionCounts() {
        return "SELECT " + ReportedPaths.FIRMWARE_VERSION + " AS " + VERSION_ALIAS + ", COUNT() AS " + COUNT_ALIAS
                + " FROM devices GROUP BY " + ReportedPaths.FIRMWARE_VERSION;
    }

    /** Twins with any action in a non-terminal status last updated before {@code cutoff}. */
    public static String stuck(Instant cutoff) {
        String t = quote(Timestamps.format(cutoff));
        List<String> clauses = new ArrayList<>();
        for (DmMethod action : DmMethod.values()) {
            clauses.add("(" + ReportedPaths.status(action) + " IN " + list(statuses(action, s -> !s.terminal))
                    + " AND " + ReportedPaths.updatedAt(action) + " < " + t + ")");
        }
        return "SELECT * FROM devices WHERE " + String.join(" OR ", clauses);
    }

    /** Twins with any action in a failed status. */
    public static String failed() {
        List<String> clauses = new ArrayList<>();
        for (DmMethod action : DmMethod.values()) {
            clauses.add(ReportedPaths.status(action) + " IN " + list(statuses(action, s -> s.failed)));
        }
        return "SELECT * FROM devices WHERE " + String.join(" OR ", clauses);
    }

    /** Wire names of an action's statuses that match {@code filter}. */
    static List<String> statuses(DmMethod action, Predicate<StatusInfo> filter) {
        List<String> out = new ArrayList<>();
        for (StatusInfo s : StatusInfo.of(action)) {
            if (filter.test(s)) {
                out.add(s.wireName);
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

    /** Status facts per action, so queries and summaries classify statuses the same way. */
    record StatusInfo(String wireName, boolean terminal, boolean failed) {
        static List<StatusInfo> of(DmMethod action) {
            List<StatusInfo> out = new ArrayList<>();
            switch (action) {
                case REBOOT -> {
                    for (RebootStatus s : RebootStatus.values()) {
                        out.add(new StatusInfo(s.wireName(), s.isTerminal(), s == RebootStatus.FAILED));
                    }
                }
                case FACTORY_RESET -> {
                    for (FactoryResetStatus s : FactoryResetStatus.values()) {
                        out.add(new StatusInfo(s.wireName(), s.isTerminal(), s == FactoryResetStatus.FAILED));
                    }
                }
                case FIRMWARE_UPDATE -> {
                    for (FirmwareUpdateStatus s : FirmwareUpdateStatus.values()) {
                        out.add(new StatusInfo(s.wireName(), s.isTerminal(), s.isFailure()));
                    }
                }
                default -> throw new IllegalStateException("unhandled action " + action);
            }
            return out;
        }
    }
}
