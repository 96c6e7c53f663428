package dev.fleetops.core.rollout.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.fleetops.contract.Action;
import dev.fleetops.core.rollout.WaveGates;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SoakProbeTest {
    private static JsonObject row(String json) {
        return JsonParser.parseString(json).getAsJsonObject();
    }

    @Test
    void theQueriesSelectTheOperationsDevicesByTheirAttemptIds() {
        assertEquals(
                "SELECT deviceId, lastActivityTime FROM devices WHERE properties.reported.iothubDM.firmwareUpdate"
                        + ".operationId >= 'op-1.a' AND properties.reported.iothubDM.firmwareUpdate.operationId < 'op-1.b'"
                        + " AND connectionState = 'Disconnected'",
                SoakProbe.offlineQuery("op-1", Action.FIRMWARE_UPDATE));
        assertEquals(
                "SELECT COUNT() AS n FROM devices WHERE properties.reported.iothubDM.firmwareUpdate.operationId >= 'op-1.a'"
                        + " AND properties.reported.iothubDM.firmwareUpdate.operationId < 'op-1.b'"
                        + " AND properties.reported.iothubDM.firmwareUpdate.status IN ['applyComplete', 'current']"
                        + " AND properties.reported.health.status = 'ok'",
                SoakProbe.healthyCountQuery(
                        "op-1", Action.FIRMWARE_UPDATE, new WaveGates.HealthGate("health.status", "ok", 90)));
        assertThrows(
                IllegalArgumentException.class,
                () -> SoakProbe.unhealthyQuery("op-1", Action.REBOOT, "health.status' OR true"));
    }

    @Test
    void onlyDevicesWhoseLastActivityIsOlderThanTheBoundAreOffline() {
        Instant cutoff = Instant.parse("2026-06-01T10:00:00Z");
        Set<String> offline = SoakProbe.disconnectedSince(
                List.of(
                        row("{\"deviceId\":\"long-gone\",\"lastActivityTime\":\"2026-06-01T09:00:00Z\"}"),
                        row("{\"deviceId\":\"just-left\",\"lastActivityTime\":\"2026-06-01T10:05:00Z\"}"),
                        row("{\"deviceId\":\"garbled\",\"lastActivityTime\":\"yesterday\"}"),
                        row("{\"deviceId\":\"no-time\"}"),
                        row("{\"deviceId\":42,\"lastActivityTime\":\"2026-06-01T09:00:00Z\"}")),
                cutoff);
        assertEquals(Set.of("long-gone"), offline);
    }
}
