package dev.fleetops.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.fleetops.contract.Timestamps;
import dev.fleetops.device.runtime.DeviceRuntime;
import dev.fleetops.device.sim.Behaviour;
import dev.fleetops.device.transport.TlsContexts;
import dev.fleetops.testkit.Waits;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The attack-and-fault suite of "rollouts that fail safe", through the local stack's real parts: simulated
 * devices on the local hub, the operations API, the rollout ticker on the service SDK and the Table store in
 * Azurite. Each test is one finding of the review, reproduced as it was found.
 */
class FailSafeRolloutIT {
    private static final int DEVICES = 30;
    private static final Duration SETTLE = Duration.ofSeconds(60);
    /** Ids are unique per run: Azurite keeps its data between runs. */
    private static final String RUN = java.util.UUID.randomUUID().toString().substring(0, 8);

    @TempDir
    static Path dir;

    static FleetFixture fleet;

    @BeforeAll
    static void start() throws Exception {
        fleet = new FleetFixture(dir, DEVICES, "", 11);
    }

    @AfterAll
    static void stop() {
        if (fleet != null) {
            fleet.close();
        }
    }

    /**
     * Finding 1: devices outside the operation report 4 KB operation ids inside its id range and 4 KB
     * statuses. They used to enter the progress cursor stored on the operation's row, whose Table property
     * limit then failed every tick.
     */
    @Test
    void rogueTwinsCannotStallTheEngine() {
        List<String> targets = fleet.take(Behaviour.NORMAL, 5);
        String id = fleet.create(reboot(targets, ""), null);
        String huge = "x".repeat(4_000);
        for (int i = 0; i < 5; i++) {
            String rogue = "rogue-" + RUN + "-" + i;
            fleet.hub.hub().addDevice(rogue, null, null, true);
            JsonObject section = new JsonObject();
            section.addProperty("operationId", id + ".a" + huge + i);
            section.addProperty("status", huge + i);
            section.addProperty("updatedAt", Timestamps.format(Instant.now()));
            JsonObject dm = new JsonObject();
            dm.add("reboot", section);
            JsonObject patch = new JsonObject();
            patch.add("iothubDM", dm);
            fleet.hub.hub().patchReported(rogue, patch, null);
        }
        JsonObject done = fleet.tickUntil(id, s -> s.equals("completed"), SETTLE);
        assertEquals(5, done.getAsJsonObject("counts").get("succeeded").getAsInt(), done.toString());
        assertEquals(5, fleet.devices(id).size(), "rogue devices never join the operation");
    }

    /**
     * Finding 2: with the hub paused, every dispatched device went failed ("UNAVAILABLE") and the operation
     * aborted at 100 %. An outage is not a device failure: the devices wait for the hub without using an
     * attempt, the operation says so, and it completes once the hub is back.
     */
    @Test
    void aHubOutageAbortsNothingAndTheOperationCompletesWhenTheHubIsBack() {
        List<String> targets = fleet.take(Behaviour.NORMAL, 10);
        String id = fleet.create(
                reboot(targets, "\"abort\":[{\"failureType\":\"ALL\",\"minFinished\":1,\"thresholdPercent\":10}],"),
                null);
        fleet.hub.faults().maxPause(Duration.ofMillis(500)).pause();
        try {
            fleet.ticker.tick(id);
        } finally {
            fleet.hub.faults().resume().maxPause(dev.fleetops.localhub.faults.FaultInjector.DEFAULT_MAX_PAUSE);
        }
        JsonObject during = fleet.get(id);
        assertEquals("running", during.get("state").getAsString(), during.toString());
        assertEquals(0, during.getAsJsonObject("counts").get("failed").getAsInt(), during.toString());
        assertEquals(
                10, during.getAsJsonObject("queueReasons").get("hubUnavailable").getAsInt(), during.toString());
        for (Map.Entry<String, JsonObject> d : fleet.devices(id).entrySet()) {
            assertEquals("hubUnavailable", d.getValue().get("queueReason").getAsString(), d.toString());
            assertEquals(0, d.getValue().get("attempt").getAsInt(), "no attempt used: " + d);
        }

        JsonObject done = fleet.tickUntil(id, s -> s.equals("completed"), SETTLE);
        assertEquals(10, done.getAsJsonObject("counts").get("succeeded").getAsInt(), done.toString());
        for (JsonObject d : fleet.devices(id).values()) {
            assertEquals(1, d.get("attempt").getAsInt(), "the outage cost no attempt: " + d);
        }
        assertTrue(
                fleet.hub.hub().twin(targets.get(0)).toString().contains(id + ".a1"),
                "the devices got attempt 1 once the hub was back");
    }

    /**
     * Finding 3: an offline target got a desired firmware goal that nothing removed; a device that came back
     * after the cancel installed it while the operation showed it canceled, and the package URI's SAS token
     * stayed in the twin. Now the goal carries an expiry, and the finished operation takes it out.
     */
    @Test
    void aCancelTakesTheGoalOutOfAnOfflineDevicesTwinAndTheDeviceNeverInstallsIt() throws Exception {
        String late = "late-" + RUN;
        fleet.hub.hub().addDevice(late, null, null, true);
        String id = fleet.create(fleet.firmware("7.0.0", List.of(late), ""), null);
        fleet.ticker.tick(id);
        JsonObject goal = fleet.desired(late).getAsJsonObject("firmware");
        assertEquals(id + ".a1", goal.get("operationId").getAsString(), goal.toString());
        assertTrue(goal.has("expiresAt"), goal.toString());
        assertTrue(fleet.get(id).get("goalsPending").getAsBoolean());

        assertEquals(200, fleet.command(id, "cancel").code());
        fleet.ticker.tick(id);
        assertNull(fleet.desired(late).get("firmware"), "the goal is gone: " + fleet.desired(late));
        assertFalse(fleet.get(id).get("goalsPending").getAsBoolean());

        try (DeviceRuntime device = DeviceRuntime.start(
                new DeviceRuntime.Settings(
                        fleet.hub.deviceConnectionString(late),
                        dir.resolve(late),
                        TlsContexts.trustingDefaultsPlus(fleet.hub.caFile()),
                        Duration.ofSeconds(1),
                        "1.0.0"),
                w -> {})) {
            Waits.upTo(Duration.ofSeconds(30), late + " back and reporting")
                    .until(() -> fleet.firmwareVersion(late) != null);
            assertEquals("1.0.0", fleet.firmwareVersion(late));
            assertTrue(fleet.reported(late, "firmwareUpdate").entrySet().isEmpty(), "it never started the update");
        }
    }

    /**
     * Finding 4: with 5 s method latency, a pause during a dispatch made the tick drop its results ("changed since
     * it was read") and devices were still called after the pause. Now the calls stop within about a second of the
     * pause, the calls made keep their results, and the devices not called wait without using an attempt.
     */
    @Test
    void aPauseDuringASlowDispatchStopsTheCallsAndKeepsTheirResults() throws Exception {
        List<String> targets = fleet.take(Behaviour.NORMAL, 8);
        String id = fleet.create(reboot(targets, ""), null);
        java.util.concurrent.ExecutorService twoAtATime = java.util.concurrent.Executors.newFixedThreadPool(2);
        fleet.hub.faults().methodLatency(Duration.ofSeconds(2));
        try {
            java.util.concurrent.Future<?> tick = java.util.concurrent.ForkJoinPool.commonPool()
                    .submit(() ->
                            fleet.ticker(fleet.store, fleet.methods, twoAtATime).tick(id));
            // The tick saved its dispatch intents before the first call; pause as soon as they show.
            Waits.upTo(Duration.ofSeconds(20), "the dispatch started").until(() -> fleet.count(id, "in_progress") > 0);
            assertEquals(200, fleet.command(id, "pause").code());
            tick.get(60, java.util.concurrent.TimeUnit.SECONDS);
        } finally {
            fleet.hub.faults().methodLatency(Duration.ZERO);
            twoAtATime.shutdownNow();
        }
        JsonObject after = fleet.get(id);
        assertEquals("paused", after.get("state").getAsString(), after.toString());
        int called = 0;
        for (String d : targets) {
            called += fleet.methods.calls(d, "reboot");
        }
        assertTrue(called >= 2 && called < targets.size(), "the calls stopped after the pause: " + called);
        Map<String, JsonObject> rows = fleet.devices(id);
        for (String d : targets) {
            JsonObject row = rows.get(d);
            if (fleet.methods.calls(d, "reboot") == 1) {
                assertEquals("in_progress", row.get("state").getAsString(), "its result was kept: " + row);
                assertEquals(1, row.get("attempt").getAsInt());
            } else {
                assertEquals("queued", row.get("state").getAsString(), row.toString());
                assertEquals(0, row.get("attempt").getAsInt(), "not called, no attempt used: " + row);
            }
        }
    }

    private static String reboot(List<String> devices, String extra) {
        return FleetFixture.reboot(devices, extra);
    }
}
