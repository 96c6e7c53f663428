package dev.fleetops.core.rollout.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.fleetops.contract.FieldError;
import dev.fleetops.contract.StrictJson;
import dev.fleetops.core.audit.Auditor;
import dev.fleetops.core.hub.HubCallException;
import dev.fleetops.core.hub.HubFailure;
import dev.fleetops.core.hub.TwinQueries;
import dev.fleetops.testkit.TestClock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Finding 6 of "rollouts that fail safe": unknown device ids were accepted silently; now each is named. */
class RegistryCheckTest {
    private static final Set<String> REGISTERED = Set.of("device-001", "device-002");
    private final List<String> queries = new ArrayList<>();
    private final TwinQueries hub = (q, max) -> {
        queries.add(q);
        List<JsonObject> rows = new ArrayList<>();
        REGISTERED.stream()
                .filter(id -> q.contains("'" + id + "'"))
                .forEach(id -> rows.add(StrictJson.parseObject("{\"deviceId\":\"" + id + "\"}")));
        return rows;
    };
    private final InMemoryRolloutStore store = new InMemoryRolloutStore();

    private RolloutService.CreateOutcome create(TwinQueries registry, String ids) {
        return new RolloutService(
                        store,
                        TestClock.at(Instant.parse("2026-06-01T00:00:00Z")),
                        Auditor.NONE,
                        ApprovalPolicy.OFF,
                        registry)
                .create(
                        StrictJson.parseObject("{\"action\":\"reboot\",\"target\":{\"deviceIds\":" + ids + "}}"),
                        null,
                        "t");
    }

    @Test
    void eachUnknownIdIsNamedAndNothingIsWritten() {
        List<FieldError> errors = assertInstanceOf(
                        RolloutService.CreateOutcome.Invalid.class,
                        create(hub, "[\"device-001\",\"devcie-002\",\"device-002\",\"ghost\"]"))
                .errors();
        assertEquals(
                List.of(
                        new FieldError("target.deviceIds[1]", "'devcie-002' is not registered in the hub"),
                        new FieldError("target.deviceIds[3]", "'ghost' is not registered in the hub")),
                errors);
        assertEquals(
                List.of(
                        "SELECT deviceId FROM devices WHERE deviceId IN ['device-001', 'devcie-002', 'device-002', 'ghost']"),
                queries,
                "one query for the whole list");
        assertTrue(store.list(10).isEmpty());
    }

    @Test
    void aKnownListIsCreated() {
        assertInstanceOf(RolloutService.CreateOutcome.Created.class, create(hub, "[\"device-001\",\"device-002\"]"));
    }

    @Test
    void whatCannotBeOneQueryOrAnOutageIsLeftToTheDispatch() {
        assertNull(RegistryCheck.query(List.of("it's")), "a quote cannot be quoted in the query language");
        List<String> long1 = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            long1.add("d".repeat(100) + i);
        }
        assertNull(RegistryCheck.query(long1), "over the hub's 8,192 characters");
        TwinQueries down = (q, max) -> {
            throw new HubCallException(HubFailure.of(HubFailure.Kind.UNAVAILABLE, "503"));
        };
        assertInstanceOf(
                RolloutService.CreateOutcome.Created.class,
                create(down, "[\"ghost\"]"),
                "an outage does not stop the create; the dispatch finds unknown devices");
    }
}
