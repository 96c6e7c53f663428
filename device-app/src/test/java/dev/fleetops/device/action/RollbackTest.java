package dev.fleetops.device.action;

import static dev.fleetops.device.support.AgentHarness.ackResult;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.google.gson.JsonObject;
import dev.fleetops.contract.MethodStatus;
import dev.fleetops.device.state.DeviceState;
import dev.fleetops.device.state.Operation;
import dev.fleetops.device.state.Slots;
import dev.fleetops.device.state.StateStore;
import dev.fleetops.device.support.AgentHarness;
import dev.fleetops.device.transport.MethodResult;
import dev.fleetops.testkit.TestClock;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The manual {@code rollback} method and the automatic boot-loop rollback. */
class RollbackTest {
    private static final String T = "2025-12-31T23:00:00Z";

    @TempDir
    Path dir;

    private void saved(DeviceState s) {
        new StateStore(dir, TestClock.ticking(TestClock.START, Duration.ofSeconds(1))).save(s);
    }

    private static DeviceState runningConfirmed2() {
        return DeviceState.factory("1.0.0")
                .booted(null)
                .withFirmwareVersion("2.0.0")
                .withSlots(new Slots("b", "1.0.0", false, 0));
    }

    private static JsonObject fw(AgentHarness h) {
        return h.hub.reportedDm("firmwareUpdate");
    }

    @Test
    void rollbackMethodReturnsToThePreviousSlotAndReportsRolledBack() throws Exception {
        saved(runningConfirmed2());
        try (AgentHarness h = new AgentHarness(dir)) {
            h.start();
            MethodResult r = h.call("rollback", "{\"operationId\":\"rb-1\"}");
            h.idle();

            assertEquals(MethodStatus.ACCEPTED, r.status());
            DeviceState s = h.onDisk();
            assertEquals("1.0.0", s.firmwareVersion());
            assertEquals("a", s.slots().active());
            assertEquals("2.0.0", s.slots().previousVersion());
            assertEquals("rolledBack", fw(h).get("status").getAsString());
            assertEquals(
                    "rollbackRequested",
                    fw(h).getAsJsonObject("error").get("code").getAsString());
            assertEquals("1.0.0", h.hub.reportedFirmwareVersion());
            assertEquals("duplicate", ackResult(h.call("rollback", "{\"operationId\":\"rb-1\"}")));
            assertEquals("1.0.0", h.onDisk().firmwareVersion(), "a repeated request does not toggle back");
        }
    }

    @Test
    void rollbackWithoutAPreviousVersionIsRefusedAndChangesNothing() throws Exception {
        try (AgentHarness h = new AgentHarness(dir)) {
            h.start();
            h.hub.clearPatches();
            MethodResult r = h.call("rollback", "{}");
            h.idle();

            assertEquals(MethodStatus.BAD_REQUEST, r.status());
            assertEquals("1.0.0", h.onDisk().firmwareVersion());
            assertEquals(0, h.hub.patches().size());
        }
    }

    @Test
    void rollbackWhileAnUpdateRunsIsRejectedWith409NamingIt() throws Exception {
        saved(runningConfirmed2());
        // A firmware update held at its first step: the device is online and busy. (A reboot cannot stand in for
        // this: a rebooting device is offline, and the hub answers 404 before the device could say 409.)
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch held = new java.util.concurrent.CountDownLatch(1);
        try (AgentHarness h = new AgentHarness(dir)) {
            h.updates(UpdateSettings.defaults().withSteps(step -> {
                if (step.equals("waiting")) {
                    held.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }));
            h.start();
            try {
                h.call(
                        "firmwareUpdate",
                        "{\"operationId\":\"fw-10\",\"version\":\"3.0.0\",\"packageUri\":\"https://127.0.0.1:9/fw.bin\","
                                + "\"sha256\":\"" + "ab".repeat(32) + "\"}");
                held.await();
                MethodResult r = h.call("rollback", "{\"operationId\":\"rb-2\"}");

                assertEquals(MethodStatus.BUSY, r.status());
                assertEquals(
                        "fw-10",
                        ((JsonObject) r.payload()).get("runningOperationId").getAsString());
                assertEquals("2.0.0", h.agent().state().firmwareVersion());
            } finally {
                release.countDown();
            }
        }
    }

    @Test
    void malformedRollbackPayloadIsA400() throws Exception {
        try (AgentHarness h = new AgentHarness(dir)) {
            h.start();
            assertEquals(
                    MethodStatus.BAD_REQUEST,
                    h.call("rollback", "{\"operationId\":\"bad id!\"}").status());
        }
    }

    @Test
    void versionThatKeepsRebootingOnTrialIsRolledBackAsABootLoop() throws Exception {
        DeviceState looping = DeviceState.factory("1.0.0")
                .booted(null)
                .withFirmwareVersion("2.0.0")
                .withSlots(new Slots("b", "1.0.0", true, 3))
                .withCurrent(Operation.firmware("fw-7", "2.0.0", "https://h/p", "a".repeat(64), null, "rebooting", T));
        saved(looping);
        try (AgentHarness h = new AgentHarness(dir)) {
            h.start();
            h.idle();

            DeviceState s = h.onDisk();
            assertEquals("1.0.0", s.firmwareVersion());
            assertEquals("a", s.slots().active());
            assertNull(s.current());
            assertEquals("rolledBack", fw(h).get("status").getAsString());
            assertEquals("bootLoop", fw(h).getAsJsonObject("error").get("code").getAsString());
        }
    }

    @Test
    void trialBootBelowTheLimitRunsTheHealthCheckAndConfirms() throws Exception {
        saved(DeviceState.factory("1.0.0")
                .booted(null)
                .withFirmwareVersion("2.0.0")
                .withSlots(new Slots("b", "1.0.0", true, 1))
                .withCurrent(Operation.firmware("fw-8", "2.0.0", "https://h/p", "a".repeat(64), null, "rebooting", T)));
        try (AgentHarness h = new AgentHarness(dir)) {
            h.start();
            h.idle();

            assertEquals("2.0.0", h.onDisk().firmwareVersion());
            assertEquals("applyComplete", fw(h).get("status").getAsString());
            assertEquals(false, h.onDisk().slots().trial());
        }
    }

    @Test
    void factoryResetForgetsTheSlotsSoThereIsNothingToRollBackTo() throws Exception {
        saved(runningConfirmed2());
        java.nio.file.Files.createDirectories(SlotFiles.slot(dir, "b"));
        java.nio.file.Files.writeString(SlotFiles.slot(dir, "b").resolve(SlotFiles.VERSION), "2.0.0");
        try (AgentHarness h = new AgentHarness(dir)) {
            h.start();
            h.call("factoryReset", "{\"operationId\":\"fr-1\"}");
            h.idle();

            assertEquals(Slots.INITIAL, h.onDisk().slots());
            assertNull(SlotFiles.version(dir, "b"));
            assertEquals(MethodStatus.BAD_REQUEST, h.call("rollback", "{}").status());
        }
    }
}
