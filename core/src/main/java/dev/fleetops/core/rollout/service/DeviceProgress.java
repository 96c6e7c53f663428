package dev.fleetops.core.rollout.service;

import com.google.gson.JsonObject;
import dev.fleetops.contract.Action;
import dev.fleetops.contract.ActionReport;
import dev.fleetops.contract.ActionRequest;
import dev.fleetops.contract.ActionStatus;
import dev.fleetops.contract.DmReported;
import dev.fleetops.contract.ErrorInfo;
import dev.fleetops.contract.ReportedPaths;
import dev.fleetops.core.rollout.ExecutionState;
import dev.fleetops.core.rollout.Observation;
import dev.fleetops.core.rollout.RolloutEngine;
import dev.fleetops.core.text.SafeText;
import java.util.Optional;

/**
 * Reads a fleet operation's progress from twins: builds the query (only constants and the operation's
 * own id, which FleetOps generated) and turns a reported section into an {@link Observation}.
 */
public final class DeviceProgress {
    private DeviceProgress() {}

    /**
     * Twins whose section for {@code action} carries an attempt id of {@code rolloutId}. Attempt ids are
     * {@code <id>.a<n>}, so a string range selects them without STARTSWITH (not in the twin query language).
     */
    public static String query(String rolloutId, Action<?, ?> action) {
        return "SELECT * FROM devices WHERE " + range(rolloutId, action);
    }

    /**
     * How many twins report each (attempt, status) of {@code rolloutId}, with the newest {@code updatedAt}
     * per group: a handful of rows whatever the fleet size, so reading it every tick costs one request.
     */
    public static String countQuery(String rolloutId, Action<?, ?> action) {
        String s = ReportedPaths.section(action);
        return "SELECT " + s + ".operationId AS op, " + s + ".status AS status, COUNT() AS n, MAX(" + s
                + ".updatedAt) AS latest"
                + " FROM devices WHERE " + range(rolloutId, action)
                + " GROUP BY " + s + ".operationId, " + s + ".status";
    }

    /**
     * The device id and reported section of twins about {@code rolloutId} that reported at or after
     * {@code since} (contract timestamps are fixed-width UTC, so string order is time order), or of all of
     * them when {@code since} is null.
     */
    public static String rowsQuery(String rolloutId, Action<?, ?> action, String since) {
        String s = ReportedPaths.section(action);
        String q = "SELECT deviceId, " + s + " AS section FROM devices WHERE " + range(rolloutId, action);
        if (since != null) {
            if (!since.matches("[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\\.[0-9]{3}Z")) {
                throw new IllegalArgumentException("'since' must be a contract timestamp.");
            }
            q += " AND " + ReportedPaths.updatedAt(action) + " >= '" + since + "'";
        }
        return q;
    }

    /**
     * The devices whose desired {@code property} goal carries an attempt id of {@code rolloutId}: the goals this
     * operation wrote that are still in twins.
     */
    public static String goalHoldersQuery(String rolloutId, String property) {
        if (!property.matches("[A-Za-z][A-Za-z0-9_]{0,63}")) {
            throw new IllegalArgumentException("'property' is not query-safe.");
        }
        return "SELECT deviceId FROM devices WHERE "
                + range(rolloutId, "properties.desired." + property + ".operationId");
    }

    static String range(String rolloutId, Action<?, ?> action) {
        return range(rolloutId, ReportedPaths.section(action) + ".operationId");
    }

    private static String range(String rolloutId, String op) {
        if (!rolloutId.matches("[A-Za-z0-9-]{1,60}")) {
            throw new IllegalArgumentException("'rolloutId' is not query-safe.");
        }
        return op + " >= '" + rolloutId + ".a' AND " + op + " < '" + rolloutId + ".b'";
    }

    /**
     * The observation in one {@link #rowsQuery} row ({@code deviceId}, {@code section}).
     *
     * @param target what the operation asked for (success must show it), or null to take success as reported
     */
    public static Optional<Observation> observeRow(
            JsonObject row, String rolloutId, Action<?, ?> action, ActionRequest target) {
        if (!(row.get("section") instanceof JsonObject section)) {
            return Optional.empty();
        }
        JsonObject dm = new JsonObject();
        dm.add(action.reportedSection(), section);
        JsonObject reported = new JsonObject();
        reported.add(DmReported.PROPERTY, dm);
        JsonObject properties = new JsonObject();
        properties.add("reported", reported);
        JsonObject twin = new JsonObject();
        twin.add("properties", properties);
        return observe(twin, rolloutId, action, target);
    }

    /** The observation in one twin row, if its section is about this rollout; success must show {@code target}. */
    public static Optional<Observation> observe(
            JsonObject twin, String rolloutId, Action<?, ?> action, ActionRequest target) {
        JsonObject reported =
                twin.get("properties") instanceof JsonObject p && p.get("reported") instanceof JsonObject r ? r : null;
        ActionReport report = DmReported.fromReported(reported).section(action);
        if (report == null || report.status() == null) {
            return Optional.empty();
        }
        int attempt = RolloutEngine.attemptOf(rolloutId, report.operationId());
        if (attempt < 1) {
            return Optional.empty();
        }
        ExecutionState outcome = outcome(report.status());
        String mismatch = outcome == ExecutionState.SUCCEEDED && target != null ? report.mismatch(target) : null;
        if (mismatch != null) {
            // The device's report is the source of truth, and it says the goal was not reached.
            return Optional.of(new Observation(
                    attempt,
                    ExecutionState.FAILED,
                    report.status().wireName(),
                    new ErrorInfo("targetMismatch", mismatch)));
        }
        return Optional.of(new Observation(attempt, outcome, report.status().wireName(), bounded(report.error())));
    }

    /**
     * A device's error as stored on its execution row: what the device wrote, without control or format characters
     * and cut to a readable size (a twin may hold 4 KB of anything).
     */
    static ErrorInfo bounded(ErrorInfo e) {
        if (e == null) {
            return null;
        }
        return new ErrorInfo(SafeText.clean(e.code(), 64), SafeText.clean(e.message(), 512));
    }

    /** How a reported status counts for the rollout; the status enum decides (firmware {@code current} succeeds). */
    static ExecutionState outcome(ActionStatus status) {
        return status.isSuccess()
                ? ExecutionState.SUCCEEDED
                : status.isFailure() ? ExecutionState.FAILED : ExecutionState.IN_PROGRESS;
    }
}
