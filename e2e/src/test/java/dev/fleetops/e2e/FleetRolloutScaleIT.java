package dev.fleetops.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.fleetops.core.rollout.DeviceExecution;
import dev.fleetops.core.rollout.service.DelegatingStore;
import dev.fleetops.core.rollout.service.RolloutStore;
import dev.fleetops.core.rollout.service.RolloutTicker;
import dev.fleetops.core.rollout.service.StoredRollout;
import dev.fleetops.device.runtime.DeviceRuntime;
import dev.fleetops.device.sim.Behaviour;
import dev.fleetops.device.transport.TlsContexts;
import dev.fleetops.testkit.http.TestHttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fleet operations at scale, end to end: 200 devices of the device app's fleet simulator (real agents on
 * their own MQTT/TLS sessions; some slow, some failing downloads or health checks, some rejecting every
 * request, some crashing mid-update), plus devices that come online late, the local hub, the operations
 * API, the rollout ticker on the service SDK and the Table store in Azurite. Each scenario takes its own
 * devices, so scenarios do not disturb each other, and asserts per-device states and method-call counts.
 */
class FleetRolloutScaleIT {
    private static final int DEVICES = 200;
    private static final String PROFILE = "slow=0.05,failDownload=0.05,failHealth=0.05,reject=0.05,crash=0.05";
    private static final Duration SETTLE = Duration.ofSeconds(60);
    /** Keys are unique per run: Azurite keeps its data between runs. */
    private static final String RUN = java.util.UUID.randomUUID().toString().substring(0, 8);

    @TempDir
    static Path dir;

    static FleetFixture fleet;
    static final List<DeviceRuntime> late = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        fleet = new FleetFixture(dir, DEVICES, PROFILE, 7);
    }

    @AfterAll
    static void stop() {
        late.forEach(DeviceRuntime::close);
        if (fleet != null) {
            fleet.close();
        }
    }

    @Test
    void aCanaryOfFailingDevicesAbortsAndTheRestOfTheFleetIsNeverCalled() throws Exception {
        List<String> failing = new ArrayList<>();
        failing.addAll(fleet.take(Behaviour.FAIL_DOWNLOAD, 5));
        failing.addAll(fleet.take(Behaviour.FAIL_HEALTH, 5));
        failing.addAll(fleet.take(Behaviour.REJECT, 5));
        String id = fleet.create(
                firmware(
                        "3.0.0",
                        failing,
                        "\"rollout\":{\"waves\":[25,100],\"successThresholdPercent\":100},"
                                + "\"abort\":[{\"failureType\":\"ALL\",\"minFinished\":3,\"thresholdPercent\":50}],"),
                null);
        JsonObject done = fleet.tickUntil(id, s -> s.equals("aborted"), SETTLE);
        assertTrue(done.get("reason").getAsString().contains("abort"), done.toString());
        Map<String, JsonObject> results = fleet.devices(id);
        List<String> canary = results.values().stream()
                .filter(d -> d.get("wave").getAsInt() == 0)
                .map(d -> d.get("deviceId").getAsString())
                .toList();
        for (JsonObject d : results.values()) {
            String device = d.get("deviceId").getAsString();
            String state = d.get("state").getAsString();
            if (canary.contains(device)) {
                assertTrue(Set.of("failed", "rejected", "in_progress").contains(state), d.toString());
                assertEquals(1, fleet.methods.calls(device, "firmwareUpdate"), device);
            } else {
                assertEquals("canceled", state, d.toString());
                assertEquals(0, fleet.methods.calls(device, "firmwareUpdate"), device + " is outside the canary");
            }
            if (!state.equals("in_progress")) {
                // A canary device still updating when the operation aborted may be between applying 3.0.0 and
                // its failing health check rolling it back; every other device never left 1.0.0.
                assertEquals("1.0.0", fleet.firmwareVersion(device), device);
            }
        }
        assertTrue(
                results.values().stream()
                        .filter(d -> d.get("state").getAsString().equals("failed"))
                        .allMatch(d -> d.get("error") != null
                                && d.getAsJsonObject("error").has("code")),
                results.toString());
        assertEquals(15 - canary.size(), fleet.count(id, "canceled"));
    }

    @Test
    void aRolloutWithFlakyCallsCrashesAndLateDevicesCompletesThroughRetries() throws Exception {
        List<String> targets = new ArrayList<>(fleet.take(Behaviour.NORMAL, 25));
        List<String> crashing = fleet.take(Behaviour.CRASH, 5);
        List<String> slow = fleet.take(Behaviour.SLOW, 5);
        targets.addAll(crashing);
        targets.addAll(slow);
        List<String> offline = List.of("late-" + RUN + "-1", "late-" + RUN + "-2", "late-" + RUN + "-3");
        offline.forEach(d -> fleet.hub.hub().addDevice(d, null, null, true));
        targets.addAll(offline);
        String id = fleet.create(
                firmware("4.0.0", targets, "\"retry\":{\"maxRetries\":2,\"retryOn\":\"ALL\",\"backoffSeconds\":1},"),
                null);
        // The hub fails the first three service calls (503): an outage, not a device failure, so the tick stops
        // dispatching and those devices wait for the hub without using an attempt.
        fleet.hub.faults().failNext(3, 503001, "injected by the test");
        fleet.ticker.tick(id);
        JsonObject afterOutage = fleet.get(id);
        assertEquals(0, afterOutage.getAsJsonObject("counts").get("failed").getAsInt(), afterOutage.toString());
        assertTrue(afterOutage.getAsJsonObject("queueReasons").has("hubUnavailable"), afterOutage.toString());
        Map<String, JsonObject> afterFirst = fleet.devices(id);
        for (String d : offline) {
            assertEquals(
                    "queued",
                    afterFirst.get(d).get("state").getAsString(),
                    "offline, queued for later: " + afterFirst.get(d));
        }
        for (String d : offline) {
            late.add(DeviceRuntime.start(
                    new DeviceRuntime.Settings(
                            fleet.hub.deviceConnectionString(d),
                            dir.resolve(d),
                            TlsContexts.trustingDefaultsPlus(fleet.hub.caFile()),
                            Duration.ofSeconds(1),
                            "1.0.0"),
                    w -> {}));
        }
        JsonObject done = fleet.tickUntil(id, s -> s.equals("completed"), Duration.ofSeconds(90));
        assertEquals(
                targets.size(), done.getAsJsonObject("counts").get("succeeded").getAsInt(), done.toString());
        Map<String, JsonObject> results = fleet.devices(id);
        for (String d : targets) {
            assertEquals(
                    "succeeded",
                    results.get(d).get("state").getAsString(),
                    results.get(d).toString());
            assertEquals("4.0.0", fleet.firmwareVersion(d), d);
        }
        for (String d : crashing) {
            assertEquals(
                    "applyComplete",
                    fleet.reported(d, "firmwareUpdate").get("status").getAsString(),
                    d + " recovered after its crash");
        }
    }

    @Test
    void aPausedRolloutSendsNothingUntilResumedAndThenFinishes() throws Exception {
        List<String> targets = fleet.take(Behaviour.NORMAL, 20);
        String id = fleet.create(reboot(targets, "\"rollout\":{\"waves\":[50,100]},"), null);
        assertEquals(200, fleet.command(id, "pause").code());
        for (int i = 0; i < 3; i++) {
            fleet.ticker.tick(id);
        }
        assertEquals(20, fleet.count(id, "queued"));
        assertEquals(
                0,
                targets.stream().mapToInt(d -> fleet.methods.calls(d, "reboot")).sum(),
                "nothing dispatched while paused");
        assertEquals(409, fleet.command(id, "pause").code());
        assertEquals(200, fleet.command(id, "resume").code());
        JsonObject done = fleet.tickUntil(id, s -> s.equals("completed"), SETTLE);
        assertEquals(20, done.getAsJsonObject("counts").get("succeeded").getAsInt(), done.toString());
        for (String d : targets) {
            assertEquals(1, fleet.methods.calls(d, "reboot"), d);
            assertEquals("completed", fleet.reported(d, "reboot").get("status").getAsString(), d);
        }
    }

    @Test
    void cancelingMidWaveStopsTheRestOfTheFleet() throws Exception {
        List<String> targets = fleet.take(Behaviour.NORMAL, 30);
        String id = fleet.create(reboot(targets, "\"rollout\":{\"waves\":[50,100],\"maxPerMinute\":5},"), null);
        RolloutTicker.TickReport first = fleet.ticker.tick(id);
        assertEquals(5, first.dispatched());
        assertEquals(200, fleet.command(id, "cancel").code());
        for (int i = 0; i < 3; i++) {
            fleet.ticker.tick(id);
        }
        JsonObject after = fleet.get(id);
        assertEquals("canceled", after.get("state").getAsString());
        assertEquals(
                5,
                targets.stream().mapToInt(d -> fleet.methods.calls(d, "reboot")).sum(),
                "no device was called after the cancel");
        assertEquals(30, fleet.count(id, "canceled") + fleet.count(id, "succeeded"), after.toString());
        assertTrue(fleet.count(id, "canceled") >= 25, after.toString());
    }

    @Test
    void aCanceledDeviceIsNeverCalledWhileTheOthersFinish() throws Exception {
        List<String> targets = fleet.take(Behaviour.NORMAL, 10);
        String id = fleet.create(reboot(targets, ""), null);
        String skipped = targets.get(3);
        assertEquals(200, fleet.cancelDevice(id, skipped).code());
        assertEquals(409, fleet.cancelDevice(id, skipped).code(), "already canceled");
        JsonObject done = fleet.tickUntil(id, s -> s.equals("completed"), SETTLE);
        assertEquals(9, done.getAsJsonObject("counts").get("succeeded").getAsInt(), done.toString());
        assertEquals("canceled", fleet.devices(id).get(skipped).get("state").getAsString());
        assertEquals(0, fleet.methods.calls(skipped, "reboot"));
    }

    @Test
    void reSubmittingWithTheSameKeyIsIdempotentAndADifferentBodyConflicts() {
        List<String> targets = fleet.take(Behaviour.NORMAL, 10);
        String body = reboot(targets, "\"rollout\":{\"maxPerMinute\":1},");
        String key = "scale-" + RUN;
        String id = fleet.create(body, key);
        TestHttpResponse replay = fleet.createResponse(body, key);
        assertEquals(202, replay.code());
        assertEquals(id, replay.json().get("id").getAsString());
        TestHttpResponse conflict = fleet.createResponse(body.replace("\"maxPerMinute\":1", "\"maxPerMinute\":2"), key);
        assertEquals(409, conflict.code());
        assertEquals(
                "idempotency-key-conflict",
                conflict.json().get("code").getAsString(),
                String.valueOf(conflict.getBody()));
        assertEquals(200, fleet.command(id, "cancel").code());
        assertEquals(
                0,
                targets.stream().mapToInt(d -> fleet.methods.calls(d, "reboot")).sum());
    }

    @Test
    void aTickThatDiesBetweenDispatchAndBookkeepingNeverCallsADeviceTwice() throws Exception {
        List<String> targets = fleet.take(Behaviour.NORMAL, 20);
        String id = fleet.create(
                reboot(targets, "\"retry\":{\"maxRetries\":2,\"retryOn\":\"ALL\",\"backoffSeconds\":1},"), null);
        // The worker dies after the hub accepted the calls, before the results are saved.
        AtomicInteger saves = new AtomicInteger();
        RolloutStore dying = new DelegatingStore(fleet.store) {
            @Override
            public StoredRollout save(StoredRollout rollout, List<DeviceExecution> changed) {
                if (saves.incrementAndGet() == 2) {
                    throw new IllegalStateException("worker killed");
                }
                return super.save(rollout, changed);
            }
        };
        assertThrows(
                IllegalStateException.class,
                () -> fleet.ticker(dying, fleet.methods).tick(id));
        assertEquals(
                20,
                targets.stream().mapToInt(d -> fleet.methods.calls(d, "reboot")).sum());
        JsonObject done = fleet.tickUntil(id, s -> s.equals("completed"), SETTLE);
        assertEquals(20, done.getAsJsonObject("counts").get("succeeded").getAsInt(), done.toString());
        for (String d : targets) {
            assertEquals(1, fleet.methods.calls(d, "reboot"), d + " was called once; its report finished it");
        }
    }

    @Test
    void aCallThatFailsAfterTheHubDeliveredItIsTrackedNotSentAgain() throws Exception {
        List<String> targets = fleet.take(Behaviour.NORMAL, 10);
        Set<String> unlucky = new HashSet<>(targets.subList(0, 4));
        String id = fleet.create(
                reboot(targets, "\"retry\":{\"maxRetries\":2,\"retryOn\":\"ALL\",\"backoffSeconds\":1},"), null);
        fleet.methods.throwAfterCall = d -> unlucky.contains(d) && fleet.methods.calls(d, "reboot") == 1;
        try {
            fleet.ticker.tick(id);
        } finally {
            fleet.methods.throwAfterCall = d -> false;
        }
        JsonObject done = fleet.tickUntil(id, s -> s.equals("completed"), SETTLE);
        assertEquals(10, done.getAsJsonObject("counts").get("succeeded").getAsInt(), done.toString());
        for (String d : targets) {
            assertEquals(1, fleet.methods.calls(d, "reboot"), d);
        }
    }

    // ---- helpers ----------------------------------------------------------------------------

    private static String ids(List<String> devices) {
        return FleetFixture.ids(devices);
    }

    private static String reboot(List<String> devices, String extra) {
        return FleetFixture.reboot(devices, extra);
    }

    private static String firmware(String version, List<String> devices, String extra) {
        return fleet.firmware(version, devices, extra);
    }
}
