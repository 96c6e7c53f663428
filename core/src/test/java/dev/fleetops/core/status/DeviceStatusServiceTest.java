package dev.fleetops.core.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleetops.contract.Action;
import dev.fleetops.contract.FieldError;
import dev.fleetops.contract.StrictJson;
import dev.fleetops.core.hub.DeviceTwin;
import dev.fleetops.core.hub.HubFailure;
import dev.fleetops.core.hub.TwinLookup;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
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
        DeviceStatus s = assertInstanceOf(StatusOutcome.Found.class, service.status("dev-1", null))
                .status();
        assertEquals("Connected", s.connectionState());
        assertEquals("2.0.0", s.firmwareVersion());
        assertEquals("completed", s.section(Action.REBOOT).status().wireName());
        assertNull(s.section(Action.FACTORY_RESET));
        assertNull(s.operation());
    }

    @Test
    void findsTheSectionThatCarriesTheOperation() {
        OperationView op = assertInstanceOf(StatusOutcome.Found.class, service.status("dev-1", "f1"))
                .status()
                .operation();
        assertEquals("firmwareUpdate", op.action());
        assertEquals("downloadFailed", op.status());
        assertTrue(op.terminal());
        assertTrue(op.failed());
        assertEquals("sha256Mismatch", op.error().code());
    }

    @Test
    void anOperationTheDeviceHasNotReportedIsPending() {
        OperationView op = assertInstanceOf(StatusOutcome.Found.class, service.status("dev-1", "new-op"))
                .status()
                .operation();
        assertEquals(OperationView.PENDING, op.status());
        assertFalse(op.terminal());
    }

    /** A reboot accepted at {@code T}; the twin's reboot section reports {@code r2}, started at {@code startedAt}. */
    private OperationView acceptedAtT(String startedAt, String now) {
        twin = new DeviceTwin("dev-1", "Connected", null, StrictJson.parseObject("""
                {"iothubDM":{"reboot":{"status":"completed","operationId":"r2","startedAt":"%s","updatedAt":"%s"}}}""".formatted(startedAt, startedAt)));
        DeviceStatusService at =
                new DeviceStatusService(id -> twin, Action.all(), Clock.fixed(Instant.parse(now), ZoneOffset.UTC));
        return assertInstanceOf(
                        StatusOutcome.Found.class, at.status("dev-1", "r1", "reboot", "2026-01-01T10:00:00.000Z"))
                .status()
                .operation();
    }

    @Test
    void anOperationWhoseSectionReportsANewerOneIsSupersededAndFinal() {
        OperationView op = acceptedAtT("2026-01-01T10:05:00.000Z", "2026-01-01T10:06:00Z");
        assertEquals(OperationView.SUPERSEDED, op.status());
        assertEquals("r2", op.supersededBy());
        assertEquals("reboot", op.action());
        assertTrue(op.terminal());
        assertFalse(op.failed(), "the twin no longer tells how it ended");
    }

    @Test
    void anOperationStartedBeforeTheAcceptanceOrWithinTheClockSkewDoesNotSupersede() {
        assertEquals(
                OperationView.PENDING,
                acceptedAtT("2026-01-01T09:59:00.000Z", "2026-01-01T10:01:00Z").status(),
                "an older operation still in the section: ours is just not reported yet");
        assertEquals(
                OperationView.PENDING,
                acceptedAtT("2026-01-01T10:00:10.000Z", "2026-01-01T10:01:00Z").status(),
                "10 s later by the device's clock could be the device's clock being ahead");
    }

    @Test
    void anOperationNothingMentionsLongAfterItWasAcceptedIsUnknownNotPendingForever() {
        OperationView op = acceptedAtT("2026-01-01T09:59:00.000Z", "2026-01-01T10:11:00Z");
        assertEquals(OperationView.UNKNOWN, op.status());
        assertFalse(op.terminal());
        assertEquals(
                OperationView.PENDING,
                acceptedAtT("2026-01-01T09:59:00.000Z", "2026-01-01T10:09:00Z").status());
    }

    @Test
    void statusUrlsWithoutTheActionAndAcceptanceTimeReadAsBefore() {
        twin = new DeviceTwin(
                "dev-1",
                "Connected",
                null,
                StrictJson.parseObject(
                        "{\"iothubDM\":{\"reboot\":{\"status\":\"completed\",\"operationId\":\"r2\",\"startedAt\":\"2030-01-01T00:00:00.000Z\"}}}"));
        OperationView op = assertInstanceOf(StatusOutcome.Found.class, service.status("dev-1", "r1"))
                .status()
                .operation();
        assertEquals(OperationView.PENDING, op.status());
    }

    @Test
    void aBadActionOrAcceptanceTimeIsNamed() {
        StatusOutcome.InvalidRequest bad = assertInstanceOf(
                StatusOutcome.InvalidRequest.class, service.status("dev-1", "r1", "selfDestruct", "yesterday"));
        assertEquals(
                List.of("action", "acceptedAt"),
                bad.errors().stream().map(FieldError::field).toList());
    }

    @Test
    void rejectsBadIdsWithoutReadingTheTwin() {
        twin = null;
        StatusOutcome.InvalidRequest bad =
                assertInstanceOf(StatusOutcome.InvalidRequest.class, service.status("a/b", "x y"));
        assertEquals(2, bad.errors().size());
    }

    @Test
    void passesHubFailuresThrough() {
        twin = HubFailure.of(HubFailure.Kind.DEVICE_NOT_FOUND, "nope");
        assertInstanceOf(StatusOutcome.HubFailed.class, service.status("dev-1", null));
    }
}
