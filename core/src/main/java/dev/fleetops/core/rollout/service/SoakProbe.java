package dev.fleetops.core.rollout.service;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import dev.fleetops.contract.Action;
import dev.fleetops.contract.ActionStatus;
import dev.fleetops.contract.ReportedPaths;
import dev.fleetops.core.hub.TwinQueries;
import dev.fleetops.core.rollout.Counts;
import dev.fleetops.core.rollout.ExecutionState;
import dev.fleetops.core.rollout.GateVerdict;
import dev.fleetops.core.rollout.Rollout;
import dev.fleetops.core.rollout.RolloutEngine;
import dev.fleetops.core.rollout.Tally;
import dev.fleetops.core.rollout.WaveChecks;
import dev.fleetops.core.rollout.WaveGates;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads what the engine needs about a soaking wave ({@link WaveChecks}), with queries whose answers stay small: the
 * disconnected devices and the devices reporting a failed health check (a handful while a wave is healthy), and one
 * {@code COUNT()} of healthy devices once the soak is over. It asks the external gate only then. The queries select
 * the operation's devices the way progress reads do, by the attempt id in their report, so they cover exactly the
 * devices dispatched so far: the open wave and the ones before it.
 */
public final class SoakProbe {
    /** The health property the device agent reports, used for failed checks when the operation names none. */
    public static final String AGENT_HEALTH = dev.fleetops.contract.HealthReport.PROPERTY + ".status";

    /** Rows a check reads at most: more disconnected or unhealthy devices than this already stop a wave. */
    static final int MAX_ROWS = 5_000;

    private final TwinQueries twins;
    private final WaveGateCalls gateCalls;

    public SoakProbe(TwinQueries twins, WaveGateCalls gateCalls) {
        this.twins = twins;
        this.gateCalls = gateCalls;
    }

    /** What the ticker reads this tick: nothing unless the open wave soaks. */
    public WaveChecks check(Rollout r, Action<?, ?> action, Tally tally, Instant now) {
        if (!RolloutEngine.soaking(r)) {
            return WaveChecks.NONE;
        }
        WaveGates gates = r.config().gates();
        Set<String> offline = gates.offlineMax() == null
                ? Set.of()
                : disconnectedSince(twins.query(offlineQuery(r.id(), action), MAX_ROWS), now.minus(gates.offlineMax()));
        String healthPath =
                gates.health() == null ? AGENT_HEALTH : gates.health().property();
        Set<String> unhealthy = ids(twins.query(unhealthyQuery(r.id(), action, healthPath), MAX_ROWS));
        Long healthy = null;
        GateVerdict external = null;
        if (RolloutEngine.gatesDue(r, now)) {
            if (gates.health() != null) {
                healthy = count(twins.query(healthyCountQuery(r.id(), action, gates.health()), 1));
            }
            if (gates.external() != null) {
                external = gateCalls.ask(gates.external(), gateRequest(r, action, tally));
            }
        }
        return new WaveChecks(offline, unhealthy, healthy, external);
    }

    static String offlineQuery(String rolloutId, Action<?, ?> action) {
        return "SELECT deviceId, lastActivityTime FROM devices WHERE " + DeviceProgress.range(rolloutId, action)
                + " AND connectionState = 'Disconnected'";
    }

    static String unhealthyQuery(String rolloutId, Action<?, ?> action, String healthPath) {
        return "SELECT deviceId FROM devices WHERE " + DeviceProgress.range(rolloutId, action)
                + " AND properties.reported." + safePath(healthPath) + " = '" + WaveChecks.FAILED_HEALTH + "'";
    }

    /** Devices whose update report is a success and whose health property holds the gate's value. */
    static String healthyCountQuery(String rolloutId, Action<?, ?> action, WaveGates.HealthGate gate) {
        String successes = action.statuses().stream()
                .filter(ActionStatus::isTerminal)
                .filter(s -> !s.isFailure())
                .map(s -> "'" + s.wireName() + "'")
                .collect(Collectors.joining(", ", "[", "]"));
        // The gate's record checked the path and the value against patterns that cannot change a query.
        return "SELECT COUNT() AS n FROM devices WHERE " + DeviceProgress.range(rolloutId, action)
                + " AND " + ReportedPaths.status(action) + " IN " + successes
                + " AND properties.reported." + safePath(gate.property()) + " = '" + gate.value() + "'";
    }

    /** The JSON the external gate is sent: which wave soaked, until when, and its numbers. */
    static String gateRequest(Rollout r, Action<?, ?> action, Tally tally) {
        JsonObject body = new JsonObject();
        body.addProperty("operationId", r.id());
        body.addProperty("action", action.methodName());
        body.addProperty("wave", r.openWave());
        body.addProperty("nextWave", r.openWave() + 1);
        body.addProperty("soakStartedAt", r.soak().since().toString());
        body.addProperty("soakEndedAt", r.soak().endsAt(r.config().gates()).toString());
        body.add("waveCounts", counts(tally.wave(r.openWave())));
        body.add("counts", counts(tally.all()));
        return body.toString();
    }

    private static JsonObject counts(Counts c) {
        JsonObject o = new JsonObject();
        for (ExecutionState s : ExecutionState.values()) {
            o.addProperty(s.name().toLowerCase(java.util.Locale.ROOT), c.get(s));
        }
        return o;
    }

    private static String safePath(String path) {
        if (!WaveGates.HealthGate.isQueryPath(path)) {
            throw new IllegalArgumentException("'path' is not query-safe.");
        }
        return path;
    }

    /** Devices whose last activity is before {@code cutoff}; a row without a readable time is left out. */
    static Set<String> disconnectedSince(List<JsonObject> rows, Instant cutoff) {
        Set<String> out = new HashSet<>();
        for (JsonObject row : rows) {
            String id = string(row.get("deviceId"));
            String last = string(row.get("lastActivityTime"));
            if (id == null || last == null) {
                continue;
            }
            try {
                if (Instant.parse(last).isBefore(cutoff)) {
                    out.add(id);
                }
            } catch (DateTimeParseException e) {
                // A time the hub did not write in ISO-8601 says nothing: the device is not counted offline.
            }
        }
        return out;
    }

    private static Set<String> ids(List<JsonObject> rows) {
        Set<String> out = new HashSet<>();
        rows.forEach(row -> {
            String id = string(row.get("deviceId"));
            if (id != null) {
                out.add(id);
            }
        });
        return out;
    }

    private static Long count(List<JsonObject> rows) {
        if (rows.isEmpty()) {
            return 0L;
        }
        JsonElement n = rows.get(0).get("n");
        return n instanceof JsonPrimitive p && p.isNumber() ? Math.max(0, p.getAsLong()) : 0L;
    }

    private static String string(JsonElement e) {
        return e instanceof JsonPrimitive p && p.isString() ? p.getAsString() : null;
    }
}
