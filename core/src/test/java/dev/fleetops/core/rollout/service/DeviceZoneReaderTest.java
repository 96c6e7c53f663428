package dev.fleetops.core.rollout.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.fleetops.core.rollout.DeviceZones;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Zones from twins, which hold anything: a tag wins over the reported zone, and only IANA ids count. */
class DeviceZoneReaderTest {
    @Test
    void theTagWinsTheReportedZoneIsNextAndAnythingElseIsNoZone() {
        List<String> sent = new ArrayList<>();
        DeviceZoneReader reader = new DeviceZoneReader((query, max) -> {
            sent.add(query);
            return List.of(
                    row("{\"deviceId\":\"a\",\"tagZone\":\"Europe/Berlin\",\"reportedZone\":\"Asia/Tokyo\"}"),
                    row("{\"deviceId\":\"b\",\"reportedZone\":\"Asia/Tokyo\"}"),
                    row("{\"deviceId\":\"c\",\"tagZone\":\"+05:00\",\"reportedZone\":\"America/New_York\"}"),
                    row("{\"deviceId\":\"d\",\"tagZone\":\"'; DROP\",\"reportedZone\":{\"x\":1}}"),
                    row("{\"deviceId\":\"e\",\"reportedZone\":\"" + "A".repeat(5000) + "\"}"));
        });
        DeviceZones zones = reader.read(List.of("a", "b", "c", "d", "e", "f'quote"));
        assertEquals(ZoneId.of("Europe/Berlin"), zones.of("a"));
        assertEquals(ZoneId.of("Asia/Tokyo"), zones.of("b"));
        assertEquals(ZoneId.of("America/New_York"), zones.of("c"), "an offset is no zone: the reported one counts");
        assertEquals(DeviceZones.FALLBACK, zones.of("d"));
        assertEquals(DeviceZones.FALLBACK, zones.of("e"));
        assertEquals(DeviceZones.FALLBACK, zones.of("f'quote"), "a quote cannot go into the query");
        assertEquals(
                List.of("SELECT deviceId, tags.timeZone AS tagZone, properties.reported.timeZone AS reportedZone"
                        + " FROM devices WHERE deviceId IN ['a', 'b', 'c', 'd', 'e']"),
                sent);
    }

    @Test
    void manyDevicesAreReadFiftyAQuery() {
        List<String> sent = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            ids.add("dev-" + i);
        }
        new DeviceZoneReader((query, max) -> {
                    sent.add(query);
                    return List.of();
                })
                .read(ids);
        assertEquals(3, sent.size());
    }

    private static JsonObject row(String json) {
        return JsonParser.parseString(json).getAsJsonObject();
    }
}
