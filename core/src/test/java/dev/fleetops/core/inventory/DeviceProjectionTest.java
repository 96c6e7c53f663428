package dev.fleetops.core.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.google.gson.JsonParser;
import dev.fleetops.contract.Action;
import org.junit.jupiter.api.Test;

class DeviceProjectionTest {
    private static InventoryDevice project(String row) {
        return DeviceProjection.of(JsonParser.parseString(row).getAsJsonObject(), Action.all());
    }

    private static String row(String dm) {
        return "{\"deviceId\":\"d1\",\"connectionState\":\"Connected\",\"lastActivityTime\":\"2026-12-01T10:00:00.000Z\""
                + (dm == null ? "" : ",\"dm\":" + dm) + "}";
    }

    @Test
    void theLastActionIsTheSectionUpdatedLast() {
        InventoryDevice d = project(row("{\"firmwareVersion\":\"1.1.0\","
                + "\"reboot\":{\"status\":\"completed\",\"operationId\":\"r1\",\"startedAt\":\"2026-12-01T09:00:00.000Z\","
                + "\"updatedAt\":\"2026-12-01T09:00:05.000Z\"},"
                + "\"firmwareUpdate\":{\"status\":\"applyFailed\",\"operationId\":\"f1\",\"version\":\"1.2.0\","
                + "\"startedAt\":\"2026-12-01T09:10:00.000Z\",\"updatedAt\":\"2026-12-01T09:12:00.000Z\","
                + "\"error\":{\"code\":\"sha256Mismatch\",\"message\":\"bad\"}}}"));
        assertEquals("d1", d.deviceId());
        assertEquals("Connected", d.connectionState());
        assertEquals("2026-12-01T10:00:00.000Z", d.lastActivityTime());
        assertEquals("1.1.0", d.firmwareVersion());
        assertEquals(
                new LastAction(
                        "firmwareUpdate",
                        "applyFailed",
                        Outcome.FAILED,
                        "f1",
                        "2026-12-01T09:12:00.000Z",
                        "sha256Mismatch"),
                d.lastAction());
    }

    @Test
    void aRunningActionIsInProgressAndASucceededOneSucceeded() {
        assertEquals(
                Outcome.IN_PROGRESS,
                project(row("{\"reboot\":{\"status\":\"rebooting\",\"operationId\":\"r\","
                                + "\"updatedAt\":\"2026-12-01T09:00:00.000Z\"}}"))
                        .lastAction()
                        .outcome());
        assertEquals(
                Outcome.SUCCEEDED,
                project(row("{\"firmwareUpdate\":{\"status\":\"current\",\"operationId\":\"f\","
                                + "\"updatedAt\":\"2026-12-01T09:00:00.000Z\"}}"))
                        .lastAction()
                        .outcome());
    }

    @Test
    void aSectionWithoutATimeCountsAsOldest() {
        LastAction a = project(row("{\"reboot\":{\"status\":\"completed\",\"operationId\":\"r\"},"
                        + "\"factoryReset\":{\"status\":\"inProgress\",\"operationId\":\"x\","
                        + "\"startedAt\":\"2026-12-01T08:00:00.000Z\"}}"))
                .lastAction();
        assertEquals("factoryReset", a.action());
        assertNull(a.updatedAt());
    }

    @Test
    void aStatusTheContractDoesNotKnowIsUnknownAndAMalformedSectionIsAbsent() {
        LastAction a = project(row("{\"reboot\":{\"status\":\"teleporting\",\"operationId\":\"r\","
                        + "\"updatedAt\":\"2026-12-01T09:00:00.000Z\"},\"firmwareUpdate\":\"not an object\"}"))
                .lastAction();
        assertEquals("reboot", a.action());
        assertNull(a.status());
        assertEquals(Outcome.UNKNOWN, a.outcome());
    }

    @Test
    void aDeviceThatNeverReportedHasOnlyItsHubFields() {
        InventoryDevice d = project(row(null));
        assertEquals("Connected", d.connectionState());
        assertNull(d.firmwareVersion());
        assertNull(d.lastAction());
        assertNull(
                project("{\"deviceId\":\"d2\",\"dm\":{\"firmwareVersion\":7}}").firmwareVersion());
    }

    @Test
    void aDeviceThatWasNeverActiveHasNoLastActivity() {
        assertEquals(null, DeviceProjection.lastActivity("0001-01-01T00:00:00Z"));
        assertEquals(null, DeviceProjection.lastActivity("not a time"));
        assertEquals("2026-12-01T10:00:00Z", DeviceProjection.lastActivity("2026-12-01T10:00:00Z"));
    }
}
