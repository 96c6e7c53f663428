package dev.fleetops.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.fleetops.core.rollout.service.AuditEvent;
import dev.fleetops.device.sim.Behaviour;
import dev.fleetops.testkit.Waits;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A soak catches what a threshold cannot (docs/rollouts.md, "Soak and gates"): a firmware rollout whose canary devices
 * install the update, pass their health check and report {@code applyComplete}, then fail their post-update health
 * watch and report {@code rolledBack} with the same operation id while the canary soaks. Real device agents (the
 * simulator's {@code regress} profile) on the local hub, the operations API and the ticker on Azurite's tables: the
 * canary's successes turn into failures, the operation pauses below its threshold, and the next wave is never sent.
 */
class SoakRegressionIT {
    private static final Duration SETTLE = Duration.ofSeconds(120);

    @TempDir
    static Path dir;

    static FleetFixture fleet;

    @BeforeAll
    static void start() throws Exception {
        fleet = new FleetFixture(dir, 6, "regress=1", 5);
    }

    @AfterAll
    static void stop() {
        if (fleet != null) {
            fleet.close();
        }
    }

    @Test
    void aCanaryThatPassesAndThenRollsBackDuringTheSoakStopsTheRollout() {
        List<String> targets = fleet.take(Behaviour.REGRESS, 4);
        String id = fleet.create(
                fleet.firmware(
                        "3.1.0",
                        targets,
                        "\"rollout\":{\"waves\":[2,4],\"wavesAreCounts\":true,\"successThresholdPercent\":100,"
                                + "\"soakMinutes\":1},"),
                null);

        JsonObject paused = fleet.tickUntil(id, s -> !s.equals("running") && !s.equals("scheduled"), SETTLE);
        assertEquals("paused", paused.get("state").getAsString(), paused.toString());
        // The first rollback already sinks the canary below its threshold; the second is still taken while paused.
        assertTrue(
                paused.get("reason")
                        .getAsString()
                        .matches("paused: wave 0 finished with (0|50)\\.0% success, below the" + " 100\\.0% threshold"),
                paused.toString());
        assertEquals(0, paused.get("openWave").getAsInt(), "the next wave never opened");
        JsonObject settled = Waits.until(
                Waits.upTo(SETTLE).pollInterval(Duration.ofMillis(300)),
                () -> {
                    fleet.ticker.tick(id);
                    return fleet.get(id);
                },
                s -> s.getAsJsonObject("counts").get("failed").getAsInt() == 2,
                s -> "both canary devices did not regress: " + s);
        assertEquals("paused", settled.get("state").getAsString());
        assertEquals(0, settled.getAsJsonObject("counts").get("succeeded").getAsInt());

        List<String> trail =
                fleet.store.auditTrail(id).stream().map(AuditEvent::event).toList();
        assertTrue(
                trail.stream().anyMatch(l -> l.startsWith("wave 0 met its threshold; soaking until")),
                "both canary devices succeeded first: " + trail);
        assertTrue(trail.stream().anyMatch(l -> l.contains("regressed")), trail.toString());

        Map<String, JsonObject> devices = fleet.devices(id);
        List<JsonObject> canary = devices.values().stream()
                .filter(d -> d.get("wave").getAsInt() == 0)
                .toList();
        assertEquals(2, canary.size());
        for (JsonObject d : canary) {
            assertEquals("failed", d.get("state").getAsString(), d.toString());
            // Whichever the tick saw first: the update report turned rolledBack, or the twin's health.status failed.
            assertTrue(
                    List.of("rolledBack", "health check failed")
                            .contains(d.get("detail").getAsString()),
                    d.toString());
            assertEquals(
                    "healthCheckFailed", d.getAsJsonObject("error").get("code").getAsString(), d.toString());
            assertEquals(1, d.get("attempt").getAsInt(), "the same attempt: a regression, not a retry");
        }
        for (JsonObject d : devices.values()) {
            if (d.get("wave").getAsInt() == 1) {
                String device = d.get("deviceId").getAsString();
                assertEquals("queued", d.get("state").getAsString(), d.toString());
                assertEquals(0, fleet.methods.calls(device, "firmwareUpdate"), device + " was never called");
                assertEquals("1.0.0", fleet.firmwareVersion(device));
            }
        }
    }
}
