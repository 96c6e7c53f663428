package dev.fleetops.device.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleetops.contract.Action;
import dev.fleetops.contract.FactoryResetRequest;
import dev.fleetops.contract.FieldError;
import dev.fleetops.contract.FirmwareUpdateRequest;
import dev.fleetops.contract.RebootRequest;
import dev.fleetops.contract.StrictJson;
import dev.fleetops.device.state.DeviceState;
import dev.fleetops.device.state.FinishedOperation;
import dev.fleetops.device.state.Operation;
import java.util.List;
import org.junit.jupiter.api.Test;

class RequestDeciderTest {
    private static final String NOW = "2026-01-01T00:00:00Z";
    private static final String SHA = "a".repeat(64);
    private final RequestDecider decider = new RequestDecider(() -> "generated-1");
    private final DeviceState idle = DeviceState.factory("1.0.0");

    private Decision reboot(DeviceState s, String json) {
        return decider.decide(s, Action.REBOOT, RebootRequest.parse(StrictJson.parse(json), false), NOW);
    }

    private Decision firmware(DeviceState s, String json) {
        return decider.decide(
                s, Action.FIRMWARE_UPDATE, FirmwareUpdateRequest.parse(StrictJson.parse(json), false), NOW);
    }

    private DeviceState running(String id) {
        return idle.withCurrent(Operation.reboot(id, null, "rebooting", NOW));
    }

    @Test
    void validRequestOnIdleDeviceIsAcceptedWithItsOperationId() {
        Decision.Accept a =
                assertInstanceOf(Decision.Accept.class, reboot(idle, "{\"operationId\":\"op-1\",\"delaySeconds\":3}"));
        assertEquals("op-1", a.operation().operationId());
        assertEquals("rebooting", a.operation().status());
        assertEquals(3, a.operation().delaySeconds());
        assertEquals(NOW, a.operation().startedAt());
    }

    @Test
    void requestWithoutOperationIdGetsAGeneratedOne() {
        Decision.Accept a = assertInstanceOf(
                Decision.Accept.class,
                decider.decide(idle, Action.FACTORY_RESET, FactoryResetRequest.parse(null, false), NOW));
        assertEquals("generated-1", a.operation().operationId());
        assertEquals("generated-1", ((FactoryResetRequest) a.request()).operationId());
        assertEquals("inProgress", a.operation().status());
    }

    @Test
    void sameIdAsTheRunningOperationIsADuplicateWithItsCurrentStatus() {
        Decision.Duplicate d =
                assertInstanceOf(Decision.Duplicate.class, reboot(running("op-1"), "{\"operationId\":\"op-1\"}"));
        assertEquals("op-1", d.operationId());
        assertEquals("rebooting", d.status());
    }

    @Test
    void sameIdAsAFinishedOperationIsADuplicateWithItsFinalStatus() {
        DeviceState s = idle.finishedImmediately(new FinishedOperation("op-9", Action.REBOOT, "completed", NOW));
        Decision.Duplicate d = assertInstanceOf(Decision.Duplicate.class, reboot(s, "{\"operationId\":\"op-9\"}"));
        assertEquals("completed", d.status());
    }

    @Test
    void otherOperationWhileBusyIsRejectedNamingTheRunningOne() {
        Decision.Busy b = assertInstanceOf(Decision.Busy.class, reboot(running("op-1"), "{\"operationId\":\"op-2\"}"));
        assertEquals("op-2", b.operationId());
        assertEquals("op-1", b.runningOperationId());
    }

    @Test
    void busyWinsOverFirmwareAlreadyCurrentSoARunningReportIsNotOverwritten() {
        Decision d = firmware(
                running("op-1"), "{\"version\":\"1.0.0\",\"packageUri\":\"https://h/p\",\"sha256\":\"" + SHA + "\"}");
        assertInstanceOf(Decision.Busy.class, d);
    }

    @Test
    void invalidPayloadIsRejectedNamingEveryBadField() {
        Decision.Invalid inv = assertInstanceOf(
                Decision.Invalid.class,
                firmware(idle, "{\"version\":\"2.0\",\"packageUri\":\"http://h/p\",\"sha256\":\"xyz\"}"));
        List<String> fields = inv.errors().stream().map(FieldError::field).toList();
        assertTrue(fields.containsAll(List.of("packageUri", "sha256")), fields.toString());
    }

    @Test
    void invalidPayloadIsRejectedEvenWhileBusy() {
        assertInstanceOf(Decision.Invalid.class, reboot(running("op-1"), "{\"delaySeconds\":-1}"));
    }

    @Test
    void unknownFieldsFromNewerBackEndsAreTolerated() {
        assertInstanceOf(Decision.Accept.class, reboot(idle, "{\"operationId\":\"op-1\",\"futureField\":true}"));
    }

    @Test
    void firmwareForTheInstalledVersionIsCurrent() {
        Decision.Current c = assertInstanceOf(
                Decision.Current.class,
                firmware(
                        idle,
                        "{\"operationId\":\"fw-1\",\"version\":\"1.0.0\",\"packageUri\":\"https://h/p\",\"sha256\":\""
                                + SHA + "\"}"));
        assertEquals("fw-1", c.operationId());
        assertEquals("1.0.0", c.version());
    }

    @Test
    void acceptedFirmwareOperationStoresOnlyTheRedactedUri() {
        Decision.Accept a = assertInstanceOf(
                Decision.Accept.class,
                firmware(
                        idle,
                        "{\"operationId\":\"fw-1\",\"version\":\"2.0.0\",\"packageUri\":\"https://h/p.bin?sig=secret\",\"sha256\":\""
                                + SHA.toUpperCase() + "\"}"));
        assertEquals("https://h/p.bin", a.operation().packageUri());
        assertEquals("https://h/p.bin?sig=secret", ((FirmwareUpdateRequest) a.request()).packageUri());
        assertEquals(SHA, a.operation().sha256());
        assertEquals("waiting", a.operation().status());
    }
}
