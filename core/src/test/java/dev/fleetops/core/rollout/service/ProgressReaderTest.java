package dev.fleetops.core.rollout.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.fleetops.contract.Action;
import dev.fleetops.contract.StrictJson;
import dev.fleetops.contract.Timestamps;
import dev.fleetops.core.hub.HubCallException;
import dev.fleetops.core.hub.HubFailure;
import dev.fleetops.core.hub.TwinQueries;
import dev.fleetops.core.rollout.ExecutionState;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Progress reads whose hub requests do not grow with the fleet: when to skip, what to fetch, when to fall back. */
class ProgressReaderTest {
    private static final String OP = "op-1";
    /** The highest attempt the operation's devices may report in these tests. */
    private static final int MAX_ATTEMPT = 3;

    private static final Instant T0 = Instant.parse("2026-06-01T00:00:00Z");
    private final Map<String, JsonObject> twins = new HashMap<>();
    private final ProgressTwins hub = new ProgressTwins(twins);
    private final ProgressReader reader = new ProgressReader(hub, Duration.ofMinutes(2), 100_000);
    private final Set<String> fleet = new LinkedHashSet<>();

    private void report(String device, int attempt, String status, Instant at) {
        fleet.add(device);
        twins.put(
                device,
                StrictJson.parseObject(
                        "{\"deviceId\":\"" + device + "\",\"properties\":{\"reported\":{\"iothubDM\":{\"reboot\":"
                                + "{\"status\":\"" + status + "\",\"operationId\":\"" + OP + ".a" + attempt + "\""
                                + (at == null ? "" : ",\"updatedAt\":\"" + Timestamps.format(at) + "\"") + "}}}}}"));
    }

    @Test
    void theFirstReadFetchesEveryRowOnceAndSetsTheWatermark() {
        report("a", 1, "rebooting", T0);
        report("b", 1, "completed", T0.plusSeconds(5));
        ProgressReader.Reading r = reader.read(OP, Action.REBOOT, null, fleet, MAX_ATTEMPT);
        assertEquals(ProgressReader.Mode.FULL, r.mode());
        assertEquals(2, r.queries());
        assertEquals(ExecutionState.SUCCEEDED, r.observations().get("b").outcome());
        assertEquals(Timestamps.format(T0.plusSeconds(5)), r.cursor().watermark());
        assertEquals(2, r.cursor().buckets().size());
    }

    @Test
    void unchangedCountsCostOneRequestWhateverTheFleetSize() {
        for (int i = 0; i < 5_000; i++) {
            report("d" + i, 1, "rebooting", T0.plusMillis(i));
        }
        ProgressCursor cursor =
                reader.read(OP, Action.REBOOT, null, fleet, MAX_ATTEMPT).cursor();
        hub.queries.clear();
        ProgressReader.Reading again = reader.read(OP, Action.REBOOT, cursor, fleet, MAX_ATTEMPT);
        assertEquals(ProgressReader.Mode.SKIPPED, again.mode());
        assertEquals(1, hub.count(), "one GROUP BY query");
        assertEquals(1, again.rows(), "one group: (attempt 1, rebooting)");
        assertTrue(again.observations().isEmpty());
    }

    @Test
    void changesFetchOnlyRowsReportedSinceTheWatermarkMinusTheOverlap() {
        for (int i = 0; i < 1_000; i++) {
            report("d" + i, 1, "rebooting", T0.minus(Duration.ofMinutes(10)));
        }
        report("d999", 1, "rebooting", T0);
        ProgressCursor cursor =
                reader.read(OP, Action.REBOOT, null, fleet, MAX_ATTEMPT).cursor();
        report("d7", 1, "completed", T0.plusSeconds(30));
        report("d8", 1, "failed", T0.plusSeconds(31));
        hub.queries.clear();
        ProgressReader.Reading r = reader.read(OP, Action.REBOOT, cursor, fleet, MAX_ATTEMPT);
        assertEquals(ProgressReader.Mode.DELTA, r.mode());
        assertTrue(
                hub.queries
                        .get(1)
                        .contains("updatedAt >= '" + Timestamps.format(T0.minus(Duration.ofMinutes(2))) + "'"),
                hub.queries.get(1));
        assertEquals(
                Set.of("d7", "d8", "d999"),
                r.observations().keySet(),
                "the changed rows and the one inside the overlap");
        assertEquals(
                Timestamps.format(T0.plusSeconds(31)),
                r.cursor().watermark(),
                "the watermark advances to the newest report");
        // Later ticks only look back from the new watermark: the 998 old rows are no longer fetched.
        report("d9", 1, "completed", T0.plusSeconds(300));
        ProgressReader.Reading later = reader.read(OP, Action.REBOOT, r.cursor(), fleet, MAX_ATTEMPT);
        assertEquals(ProgressReader.Mode.DELTA, later.mode());
        assertEquals(
                Set.of("d7", "d8", "d9", "d999"),
                later.observations().keySet(),
                "rows within the overlap of the watermark, never the 996 older ones");
    }

    @Test
    void aDeviceWhoseClockLagsWithinTheOverlapIsStillSeen() {
        report("a", 1, "rebooting", T0);
        report("b", 1, "rebooting", T0.plusSeconds(100));
        ProgressCursor cursor =
                reader.read(OP, Action.REBOOT, null, fleet, MAX_ATTEMPT).cursor();
        report("a", 1, "completed", T0.plusSeconds(40)); // 60 s behind the watermark, inside the 2-minute overlap
        ProgressReader.Reading r = reader.read(OP, Action.REBOOT, cursor, fleet, MAX_ATTEMPT);
        assertEquals(ProgressReader.Mode.DELTA, r.mode());
        assertEquals(ExecutionState.SUCCEEDED, r.observations().get("a").outcome());
        assertEquals(Timestamps.format(T0.plusSeconds(100)), r.cursor().watermark(), "the watermark never moves back");
    }

    @Test
    void countsTheDeltaCannotExplainFallBackToAFullRead() {
        report("a", 1, "rebooting", T0);
        report("b", 1, "rebooting", T0.plusSeconds(600));
        ProgressCursor cursor =
                reader.read(OP, Action.REBOOT, null, fleet, MAX_ATTEMPT).cursor();
        report("a", 1, "completed", T0.plusSeconds(60)); // 9 minutes behind: outside the overlap
        ProgressReader.Reading r = reader.read(OP, Action.REBOOT, cursor, fleet, MAX_ATTEMPT);
        assertEquals(ProgressReader.Mode.FULL, r.mode());
        assertEquals(3, r.queries(), "counts, delta, full");
        assertEquals(ExecutionState.SUCCEEDED, r.observations().get("a").outcome());
    }

    @Test
    void devicesThatReportNoTimeAreReadInFull() {
        report("a", 1, "rebooting", null);
        ProgressCursor cursor =
                reader.read(OP, Action.REBOOT, null, fleet, MAX_ATTEMPT).cursor();
        assertNull(cursor.watermark());
        report("a", 1, "completed", null);
        ProgressReader.Reading r = reader.read(OP, Action.REBOOT, cursor, fleet, MAX_ATTEMPT);
        assertEquals(ProgressReader.Mode.FULL, r.mode());
        assertEquals(ExecutionState.SUCCEEDED, r.observations().get("a").outcome());
    }

    /** A device outside the operation reports whatever it likes under this operation's id range. */
    private void rogue(String device, String operationId, String status) {
        JsonObject section = new JsonObject();
        section.addProperty("status", status);
        section.addProperty("operationId", operationId);
        section.addProperty("updatedAt", Timestamps.format(T0));
        JsonObject twin = StrictJson.parseObject(
                "{\"deviceId\":\"" + device + "\",\"properties\":{\"reported\":{\"iothubDM\":{}}}}");
        twin.getAsJsonObject("properties")
                .getAsJsonObject("reported")
                .getAsJsonObject("iothubDM")
                .add("reboot", section);
        twins.put(device, twin);
    }

    @Test
    void rogueReportsNeitherEnterTheCursorNorCountAsProgress() {
        report("a", 1, "completed", T0);
        String huge = "x".repeat(4_000);
        for (int i = 0; i < 5; i++) {
            rogue("rogue-" + i, OP + ".a" + huge + i, huge + i);
        }
        rogue("rogue-plus", OP + ".a+1", "completed");
        rogue("rogue-zero", OP + ".a01", "completed");
        rogue("rogue-later", OP + ".a" + (MAX_ATTEMPT + 1), "completed");
        rogue("rogue-status", OP + ".a1", "done-" + huge);
        ProgressReader.Reading r = reader.read(OP, Action.REBOOT, null, fleet, MAX_ATTEMPT);
        assertEquals(
                Set.of(ProgressCursor.key(OP + ".a1", "completed")),
                r.cursor().buckets().keySet());
        assertTrue(
                r.cursor().toJson().length() < 200,
                () -> "the stored cursor stays small: " + r.cursor().toJson().length());
        assertEquals(Set.of("a"), r.observations().keySet(), "only the operation's own devices are observed");
    }

    /** Finding 5: a success counts only when the device reports what the operation asked for. */
    @Test
    void aFirmwareSuccessOnAnotherVersionIsAFailureNamingBothVersions() {
        for (String[] d : new String[][] {{"right", "2.0.0"}, {"wrong", "9.9.9"}}) {
            fleet.add(d[0]);
            twins.put(
                    d[0],
                    StrictJson.parseObject("{\"deviceId\":\"" + d[0] + "\",\"properties\":{\"reported\":{"
                            + "\"iothubDM\":{\"firmwareUpdate\":{\"status\":\"applyComplete\",\"operationId\":\""
                            + OP + ".a1\",\"version\":\"" + d[1] + "\",\"updatedAt\":\"" + Timestamps.format(T0)
                            + "\"}}}}}"));
        }
        dev.fleetops.contract.ActionRequest target = ((dev.fleetops.contract.Parsed.Valid<
                                ? extends dev.fleetops.contract.ActionRequest>)
                        Action.FIRMWARE_UPDATE.parse(
                                StrictJson.parse("{\"version\":\"2.0.0\",\"packageUri\":\"https://x.example/fw\","
                                        + "\"sha256\":\"" + "ab".repeat(32) + "\"}"),
                                true))
                .value();
        ProgressReader.Reading r = reader.read(OP, Action.FIRMWARE_UPDATE, null, fleet, MAX_ATTEMPT, target);
        assertEquals(ExecutionState.SUCCEEDED, r.observations().get("right").outcome());
        var wrong = r.observations().get("wrong");
        assertEquals(ExecutionState.FAILED, wrong.outcome());
        assertEquals("targetMismatch", wrong.error().code());
        assertEquals(
                "reported version '9.9.9', the operation installs '2.0.0'",
                wrong.error().message());
    }

    @Test
    void tooManyGroupsKeepNoCursorAndReadEveryRow() {
        for (int i = 0; i <= ProgressReader.MAX_BUCKETS; i++) {
            // Well-formed and within the attempt bound, but more groups than a cursor keeps.
            report("d" + i, 1 + i, "rebooting", T0);
        }
        ProgressReader big = new ProgressReader(hub, Duration.ofMinutes(2), 100_000);
        ProgressReader.Reading r = big.read(OP, Action.REBOOT, null, fleet, ProgressReader.MAX_BUCKETS + 1);
        assertEquals(ProgressReader.Mode.FULL, r.mode());
        assertTrue(r.cursor().buckets().isEmpty());
        assertEquals(fleet.size(), r.observations().size(), "every device's report is still read");
    }

    @Test
    void nothingReportedYetCostsOneRequest() {
        fleet.add("a");
        ProgressReader.Reading r = reader.read(OP, Action.REBOOT, null, fleet, MAX_ATTEMPT);
        assertEquals(ProgressReader.Mode.SKIPPED, r.mode());
        assertEquals(1, hub.count());
    }

    @Test
    void explainsNeedsAsManyFetchedRowsAsAGroupGained() {
        ProgressCursor before = new ProgressCursor(
                "2026-06-01T00:00:00.000Z",
                Map.of("x.a1|rebooting", new ProgressCursor.Bucket(3, "2026-06-01T00:00:00.000Z")));
        Map<String, ProgressCursor.Bucket> now = Map.of(
                "x.a1|rebooting", new ProgressCursor.Bucket(1, "2026-06-01T00:00:00.000Z"),
                "x.a1|completed", new ProgressCursor.Bucket(2, "2026-06-01T00:01:00.000Z"));
        String since = "2026-05-31T23:58:00.000Z";
        assertTrue(ProgressReader.explains(before, now, Map.of("x.a1|completed", 2L), since));
        assertEquals(
                false,
                ProgressReader.explains(before, now, Map.of("x.a1|completed", 1L), since),
                "one completion was not fetched");
        assertEquals(ProgressReader.Mode.SKIPPED, ProgressReader.decide(before, before.buckets()));
        assertEquals(ProgressReader.Mode.DELTA, ProgressReader.decide(before, now));
        assertEquals(ProgressReader.Mode.FULL, ProgressReader.decide(null, now));
    }

    @Test
    void theCursorSurvivesItsStoredForm() {
        ProgressCursor c = new ProgressCursor(
                "2026-06-01T00:00:00.000Z",
                Map.of(
                        "x.a1|completed",
                        new ProgressCursor.Bucket(7, null),
                        "x.a2|rebooting",
                        new ProgressCursor.Bucket(1, "2026-06-01T00:00:00.000Z")));
        assertEquals(c, ProgressCursor.fromJson(c.toJson()));
        assertNull(ProgressCursor.fromJson("{not json"), "an unreadable cursor means a full read, not a failed tick");
    }

    @Test
    void aHubThatRejectsTheAggregateQueryIsReadRowByRowInstead() {
        report("a", 1, "completed", T0);
        TwinQueries noGroupBy = (query, max) -> {
            if (query.contains("GROUP BY")) {
                throw new HubCallException(HubFailure.of(HubFailure.Kind.OTHER, "query syntax not supported"));
            }
            return hub.query(query, max);
        };
        ProgressReader.Reading r = new ProgressReader(noGroupBy, Duration.ofMinutes(2), 100_000)
                .read(OP, Action.REBOOT, null, fleet, MAX_ATTEMPT);
        assertEquals(ProgressReader.Mode.FULL, r.mode());
        assertEquals(ExecutionState.SUCCEEDED, r.observations().get("a").outcome());
    }

    @Test
    void anUnavailableHubIsNotMistakenForAQueryLanguageDifference() {
        report("a", 1, "completed", T0);
        TwinQueries down = (query, max) -> {
            throw new HubCallException(HubFailure.of(HubFailure.Kind.UNAVAILABLE, "503"));
        };
        assertThrows(
                HubCallException.class,
                () -> new ProgressReader(down, Duration.ofMinutes(2), 100_000)
                        .read(OP, Action.REBOOT, null, fleet, MAX_ATTEMPT));
    }
}
