package dev.fleetops.core.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleetops.contract.Action;
import dev.fleetops.contract.StrictJson;
import dev.fleetops.core.hub.DeviceTwin;
import dev.fleetops.core.hub.HubFailure;
import dev.fleetops.core.hub.TwinLookup;
import org.junit.jupiter.api.Test;

class DeviceStatusServiceTest {
    private TwinLookup twin = new DeviceTwin("dev-1", "Connected", "2026-01-01T00:00:00Z", StrictJson.parseObject("""
            {"iothubDM":{"firmwareVersion":"2.0.0",
              "reboot":{"status":"completed","operationId":"r1","updatedAt":"2026-01-01T00:00:00.000Z"},
              "firmwareUpdate":{"status":"downloadFailed","operationId":"f1",
                 "error":{"code":"sha256Mismatch","message":"bad hash"}}}}"""));
    private final DeviceStatusService service = new DeviceStatusService(id -> twin);

    @Test
    void reportsTheDeviceManagementStateFromTheTwin() {
        DeviceStatus s = assertInstanceOf(StatusOutcome.Found.class, service.status("dev-1", null)).status();
        assertEquals("Connected", s.connectionState());
        assertEquals("2.0.0", s.firmwareVersion());
        assertEquals("completed", s.section(Action.REBOOT).status().wireName());
        assertNull(s.section(Action.FACTORY_RESET));
        assertNull(s.operation());
    }

    @Test
    void findsTheSectionThatCarriesTheOperation() {
        OperationView op = assertInstanceOf(StatusOutcome.Found.class, service.status("dev-1", "f1")).status().operation();
        assertEquals("firmwareUpdate", op.action());
        assertEquals("downloadFailed", op.status());
        assertTrue(op.terminal());
        assertTrue(op.failed());
        assertEquals("sha256Mismatch", op.error().code());
    }

    @Test
    void anOperationTheDeviceHasNotReportedIsPending() {
        OperationView op = assertInstanceOf(StatusOutcome.Found.class, service.status("dev-1", "new-op")).status().operation();
        assertEquals(OperationView.PENDING, op.status());
        assertFalse(op.terminal());
    }

    @Test
    void rejectsBadIdsWithoutReadingTheTwin() {
        twin = null;
        StatusOutcome.InvalidRequest bad = assertInstanceOf(StatusOutcome.InvalidRequest.class, service.status("a/b", "x y"));
        assertEquals(2, bad.errors().size());
    }

    @Test
    void passesHubFailuresThrough() {
        twin = HubFailure.of(HubFailure.Kind.DEVICE_NOT_FOUND, "nope");
        assertInstanceOf(StatusOutcome.HubFailed.class, service.status("dev-1", null));
    }
}
