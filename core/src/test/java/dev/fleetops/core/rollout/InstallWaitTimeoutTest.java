package dev.fleetops.core.rollout;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.fleetops.contract.Parsed;
import dev.fleetops.contract.StrictJson;
import dev.fleetops.core.rollout.service.RolloutRequest;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * A device that downloaded and waits for its install window ({@code installScheduled}) is not timed out by the
 * operation's per-device timeout; one that stays silent beyond the wait allowance still is.
 */
class InstallWaitTimeoutTest {
    private static RolloutConfig config(String installWindow) {
        String body = "{\"action\":\"firmwareUpdate\",\"target\":{\"deviceIds\":[\"dev-000\"]},"
                + "\"firmware\":{\"version\":\"2.0.0\",\"packageUri\":\"https://cdn.example/fw.bin\",\"sha256\":\""
                + "a".repeat(64) + "\"" + (installWindow == null ? "" : ",\"installWindow\":" + installWindow)
                + "},\"deviceTimeoutMinutes\":30}";
        Parsed<RolloutRequest> p =
                RolloutRequest.parse(StrictJson.parseObject(body), Instant.parse("2026-06-01T00:00:00Z"));
        return ((Parsed.Valid<RolloutRequest>) p).value().config();
    }

    private static FleetSimulation waitingDevice(RolloutConfig cfg) {
        FleetSimulation sim = new FleetSimulation(cfg, 1);
        sim.behaviour.put("dev-000", FleetSimulation.Behaviour.SILENT);
        sim.step(Duration.ZERO);
        sim.reports.put("dev-000", new Observation(1, ExecutionState.IN_PROGRESS, "installScheduled", null));
        sim.step(Duration.ofMinutes(1));
        assertEquals("installScheduled", sim.executions.get("dev-000").lastDetail());
        return sim;
    }

    @Test
    void aDeviceWaitingForItsWindowIsNotTimedOutWhileADayCanPass() {
        FleetSimulation sim =
                waitingDevice(config("{\"start\":\"02:00\",\"durationMinutes\":60,\"timeZone\":\"device\"}"));
        sim.step(Duration.ofHours(24));
        assertEquals(ExecutionState.IN_PROGRESS, sim.executions.get("dev-000").state(), "waiting 24 h is waiting");

        sim.reports.put("dev-000", new Observation(1, ExecutionState.SUCCEEDED, "applyComplete", null));
        sim.step(Duration.ofMinutes(10));
        assertEquals(ExecutionState.SUCCEEDED, sim.executions.get("dev-000").state());
    }

    @Test
    void aDeviceSilentBeyondTheWaitAllowanceTimesOut() {
        FleetSimulation sim =
                waitingDevice(config("{\"start\":\"02:00\",\"durationMinutes\":60,\"timeZone\":\"device\"}"));
        sim.step(Duration.ofHours(25));
        assertEquals(ExecutionState.IN_PROGRESS, sim.executions.get("dev-000").state());
        sim.step(Duration.ofMinutes(30));
        assertEquals(ExecutionState.TIMED_OUT, sim.executions.get("dev-000").state());
    }

    @Test
    void withoutAnInstallWindowTheSameWaitTimesOutAfterTheTimeout() {
        FleetSimulation sim = waitingDevice(config(null));
        sim.step(Duration.ofMinutes(30));
        assertEquals(ExecutionState.TIMED_OUT, sim.executions.get("dev-000").state());
    }
}
