package dev.fleetops.device.action;

import static dev.fleetops.device.support.AgentHarness.ackResult;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.fleetops.contract.Action;
import dev.fleetops.contract.MethodStatus;
import dev.fleetops.device.state.DeviceState;
import dev.fleetops.device.support.AgentHarness;
import dev.fleetops.device.transport.MethodResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RebootActionTest {
    @TempDir
    Path dir;

    @Test
    void rebootReportsRebootingThenCompletedAfterReconnecting() throws Exception {
        try (AgentHarness h = new AgentHarness(dir)) {
            h.start();
            h.hub.clearPatches();
            MethodResult r = h.call("reboot", "{\"operationId\":\"op-1\"}");
            h.idle();

            assertEquals(MethodStatus.ACCEPTED, r.status());
            assertEquals("accepted", ackResult(r));
            assertEquals(List.of("rebooting", "completed"), h.hub.statuses("reboot"));
            assertEquals(2, h.hub.opens(), "the simulated reboot reopens the session");
            assertEquals(1, h.hub.closes(), "the simulated reboot closes the session");

            DeviceState s = h.onDisk();
            assertNull(s.current());
            assertEquals(2, s.bootCount(), "one boot at start, one for the reboot");
            assertEquals(s.lastReboot(), s.reports().get(Action.REBOOT).lastReboot());
            assertEquals("completed", s.finished("op-1").orElseThrow().status());

            JsonObject reboot = h.hub.reportedDm("reboot");
            assertEquals("completed", reboot.get("status").getAsString());
            assertEquals("op-1", reboot.get("operationId").getAsString());
            assertEquals(2, reboot.get("bootCount").getAsLong());
            assertFalse(reboot.has("error"), "a null error deletes the field on the hub");
        }
    }

    @Test
    void secondOperationWhileRebootingIsRejectedWith409AndTheSameIdIsADuplicate() throws Exception {
        CountDownLatch down = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (AgentHarness h = new AgentHarness(dir).sleeper(d -> {
            down.countDown();
            release.await();
        })) {
            h.start();
            assertEquals(
                    MethodStatus.ACCEPTED,
                    h.call("reboot", "{\"operationId\":\"op-1\"}").status());
            assertTrue(down.await(5, TimeUnit.SECONDS));
            h.hub.open(); // the hub would not deliver methods to a powered-off device; reconnect the test double

            MethodResult busy = h.call(
                    "firmwareUpdate",
                    "{\"operationId\":\"fw-1\",\"version\":\"2.0.0\"," + "\"packageUri\":\"https://h/p\",\"sha256\":\""
                            + "a".repeat(64) + "\"}");
            assertEquals(MethodStatus.BUSY, busy.status());
            assertEquals(
                    "op-1",
                    ((JsonObject) busy.payload()).get("runningOperationId").getAsString());
            assertEquals(
                    "fw-1", ((JsonObject) busy.payload()).get("operationId").getAsString());

            MethodResult dup = h.call("reboot", "{\"operationId\":\"op-1\"}");
            assertEquals(MethodStatus.NO_NEW_OPERATION, dup.status());
            assertEquals("duplicate", ackResult(dup));

            release.countDown();
            h.idle();
            assertEquals(2, h.onDisk().bootCount(), "the duplicate did not start a second reboot");
        }
    }

    @Test
    void repeatingAFinishedRebootAnswersDuplicateAndReportsNothingNew() throws Exception {
        try (AgentHarness h = new AgentHarness(dir)) {
            h.start();
            h.call("reboot", "{\"operationId\":\"op-1\"}");
            h.idle();
            h.hub.clearPatches();

            MethodResult again = h.call("reboot", "{\"operationId\":\"op-1\"}");
            h.idle();

            assertEquals(MethodStatus.NO_NEW_OPERATION, again.status());
            assertTrue(
                    ((JsonObject) again.payload()).get("message").getAsString().contains("completed"));
            assertEquals(List.of(), h.hub.patches());
            assertEquals(2, h.onDisk().bootCount());
        }
    }

    @Test
    void requestedDelayIsHonoured() throws Exception {
        List<Duration> slept = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (AgentHarness h = new AgentHarness(dir).sleeper(slept::add)) {
            h.start();
            h.call("reboot", "{\"operationId\":\"op-1\",\"delaySeconds\":7}");
            h.idle();
            assertEquals(List.of(Duration.ofSeconds(7)), slept);
        }
    }

    @Test
    void unexpectedFaultEndsTheOperationAsFailedAndFreesTheDevice() throws Exception {
        java.util.concurrent.atomic.AtomicBoolean faulty = new java.util.concurrent.atomic.AtomicBoolean(true);
        try (AgentHarness h = new AgentHarness(dir).sleeper(d -> {
            if (faulty.getAndSet(false)) {
                throw new IllegalStateException("simulated fault");
            }
        })) {
            h.start();
            h.call("reboot", "{\"operationId\":\"op-1\"}");
            h.idle();

            assertTrue(h.hub.isConnected(), "power comes back after the fault");
            JsonObject reboot = h.hub.reportedDm("reboot");
            assertEquals("failed", reboot.get("status").getAsString());
            assertEquals(
                    "internalError", reboot.getAsJsonObject("error").get("code").getAsString());
            assertEquals("failed", h.onDisk().finished("op-1").orElseThrow().status());
            assertEquals(
                    MethodStatus.ACCEPTED,
                    h.call("reboot", "{\"operationId\":\"op-2\"}").status());
        }
    }
}
