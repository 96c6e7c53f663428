package dev.fleetops.device.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.microsoft.azure.sdk.iot.device.twin.Twin;
import com.microsoft.azure.sdk.iot.device.twin.TwinCollection;
import dev.fleetops.contract.StrictJson;
import org.junit.jupiter.api.Test;

class TwinJsonTest {
    @Test
    void patchBecomesNestedTwinCollectionsKeepingNullsAndNumberTypes() {
        JsonObject patch = StrictJson.parseObject(
                "{\"iothubDM\":{\"reboot\":{\"status\":\"completed\",\"bootCount\":3,\"error\":null}},\"ratio\":0.5,\"on\":true}");
        TwinCollection tc = TwinJson.toTwin(patch);

        TwinCollection reboot = assertInstanceOf(
                TwinCollection.class,
                assertInstanceOf(TwinCollection.class, tc.get("iothubDM")).get("reboot"));
        assertEquals("completed", reboot.get("status"));
        assertEquals(3L, reboot.get("bootCount"));
        assertTrue(reboot.containsKey("error"));
        assertNull(reboot.get("error"));
        assertEquals(0.5, tc.get("ratio"));
        assertEquals(true, tc.get("on"));
    }

    @Test
    void sdkTwinReadsBackAsJsonWithoutMetadata() {
        Twin twin = Twin.createFromPropertiesJson(
                "{\"desired\":{\"$version\":1},\"reported\":{\"iothubDM\":{\"firmwareVersion\":\"1.0.0\",\"reboot\":{\"bootCount\":2}},\"$version\":7}}");
        JsonObject json = TwinJson.toJson(twin.getReportedProperties());

        assertEquals(
                "1.0.0", json.getAsJsonObject("iothubDM").get("firmwareVersion").getAsString());
        assertEquals(
                2,
                json.getAsJsonObject("iothubDM")
                        .getAsJsonObject("reboot")
                        .get("bootCount")
                        .getAsInt());
        assertTrue(json.keySet().stream().noneMatch(k -> k.startsWith("$")), json.toString());
    }

    @Test
    void arraysAreRefusedBecauseTwinsCannotHoldThem() {
        assertThrows(IllegalArgumentException.class, () -> TwinJson.toTwin(StrictJson.parseObject("{\"a\":[1]}")));
    }
}
