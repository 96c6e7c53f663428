package dev.fleetops.functions.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.fleetops.contract.StrictJson;
import dev.fleetops.core.rollout.DeviceExecution;
import dev.fleetops.core.rollout.service.ConcurrentUpdateException;
import dev.fleetops.core.rollout.service.DelegatingStore;
import dev.fleetops.core.rollout.service.InMemoryRolloutStore;
import dev.fleetops.core.rollout.service.RolloutControl;
import dev.fleetops.core.rollout.service.RolloutService;
import dev.fleetops.core.rollout.service.StoredRollout;
import dev.fleetops.functions.support.TestAccess;
import dev.fleetops.functions.support.TestContext;
import dev.fleetops.testkit.http.TestHttpRequest;
import dev.fleetops.testkit.http.TestHttpResponse;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A command that keeps meeting the timer's saves is a retryable 503 that says so, never an internal error. */
class OperationBusyTest {
    @Test
    void aCommandThatLosesEveryRaceIsA503OperationBusyWithRetryAfter() {
        InMemoryRolloutStore store = new InMemoryRolloutStore();
        String id = assertInstanceOf(
                        RolloutService.CreateOutcome.Created.class,
                        new RolloutService(store, Clock.systemUTC())
                                .create(
                                        StrictJson.parseObject(
                                                "{\"action\":\"reboot\",\"target\":{\"deviceIds\":[\"a\"]}}"),
                                        null,
                                        "t"))
                .rollout()
                .rollout()
                .id();
        DelegatingStore alwaysRaced = new DelegatingStore(store) {
            @Override
            public StoredRollout save(StoredRollout rollout, List<DeviceExecution> changed) {
                throw new ConcurrentUpdateException("operation " + id + " is being saved by another writer");
            }
        };
        RolloutCommandFunctions commands = new RolloutCommandFunctions(
                () -> new RolloutControl(alwaysRaced, Clock.systemUTC()), TestAccess.admin());

        TestHttpResponse r = TestHttpResponse.of(commands.pauseOperation(
                TestHttpRequest.post("/api/operations/" + id + "/pause", null), id, new TestContext("PauseOperation")));

        assertEquals(503, r.code(), String.valueOf(r.getBody()));
        assertEquals("operation-busy", r.json().get("code").getAsString());
        assertEquals("1", r.getHeader("Retry-After"));
        assertEquals(
                "scheduled",
                store.get(id).map(s -> s.rollout().state().wireName()).orElseThrow());
    }
}
