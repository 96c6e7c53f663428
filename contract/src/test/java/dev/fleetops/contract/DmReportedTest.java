package dev.fleetops.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DmReportedTest {

    @Test
    void readsTheTutorialCompatibleSchema() {
        JsonObject reported = StrictJson.parseObject("""
                {"iothubDM":{"firmwareVersion":"1.2.0",
                  "reboot":{"status":"completed","lastReboot":"2026-01-01T00:00:00.000Z","bootCount":3},
                  "firmwareUpdate":{"status":"downloadFailed","operationId":"op1",
                    "error":{"code":"sha256Mismatch","message":"hash differs"}}},
                 "telemetryInterval":30}""");
        DmReported dm = DmReported.fromReported(reported);
        assertEquals("1.2.0", dm.firmwareVersion());
        assertEquals(RebootStatus.COMPLETED, dm.section(Action.REBOOT).status());
        assertEquals(3L, dm.section(Action.REBOOT).bootCount());
        assertEquals(
                FirmwareUpdateStatus.DOWNLOAD_FAILED,
                dm.section(Action.FIRMWARE_UPDATE).status());
        assertEquals(
                "sha256Mismatch", dm.section(Action.FIRMWARE_UPDATE).error().code());
        assertNull(dm.section(Action.FACTORY_RESET));
    }

    @Test
    void hostileSectionsReadAsAbsentWithoutFailingTheRest() {
        JsonObject reported = StrictJson.parseObject("""
                {"iothubDM":{"firmwareVersion":{"x":1},
                  "reboot":{"status":{"nested":true}},
                  "factoryReset":"garbage",
                  "firmwareUpdate":{"status":"notAStatus","operationId":"op2"}}}""");
        DmReported dm = DmReported.fromReported(reported);
        assertNull(dm.firmwareVersion());
        assertNull(dm.section(Action.REBOOT));
        assertNull(dm.section(Action.FACTORY_RESET));
        assertNull(dm.section(Action.FIRMWARE_UPDATE).status(), "unknown status strings read as null");
        assertEquals("op2", dm.section(Action.FIRMWARE_UPDATE).operationId());
    }

    @Test
    void missingOrNonObjectRootIsEmpty() {
        assertSame(DmReported.EMPTY, DmReported.fromReported(null));
        assertSame(DmReported.EMPTY, DmReported.fromReported(StrictJson.parseObject("{\"iothubDM\":5}")));
    }

    @Test
    void sectionPatchesCarryExplicitNullsSoStaleFieldsAreCleared() {
        JsonObject patch = DmReported.sectionPatch(new FirmwareUpdateReport(
                FirmwareUpdateStatus.WAITING, "op3", "2.0", "https://x/fw", null, "t", "t", null));
        JsonObject section = patch.getAsJsonObject("iothubDM").getAsJsonObject("firmwareUpdate");
        assertEquals("waiting", section.get("status").getAsString());
        assertTrue(section.has("error") && section.get("error").isJsonNull());
        assertTrue(section.has("lastFirmwareUpdate")
                && section.get("lastFirmwareUpdate").isJsonNull());
    }

    @Test
    void packageUrisAreReportedWithoutTheirSignatures() {
        assertEquals(
                "https://x.example/fw.bin",
                FirmwareUpdateReport.redactUri("https://x.example/fw.bin?sv=1&sig=secret#f"));
        assertEquals("https://x.example/fw.bin", FirmwareUpdateReport.redactUri("https://x.example/fw.bin"));
    }

    @Test
    void timestampsHaveAFixedWidthSoTheyCompareAsStrings() {
        String whole = Timestamps.format(Instant.parse("2026-01-01T00:00:01Z"));
        String fraction = Timestamps.format(Instant.parse("2026-01-01T00:00:00.5Z"));
        assertEquals("2026-01-01T00:00:01.000Z", whole);
        assertEquals(whole.length(), fraction.length());
        assertTrue(fraction.compareTo(whole) < 0);
        assertTrue(Timestamps.parse("yesterday").isEmpty());
    }

    @Test
    void statusWireNamesRoundTrip() {
        for (FirmwareUpdateStatus s : FirmwareUpdateStatus.values()) {
            assertEquals(s, Wire.parse(FirmwareUpdateStatus.class, s.wireName()).orElseThrow());
        }
        assertEquals("downloadComplete", FirmwareUpdateStatus.DOWNLOAD_COMPLETE.wireName());
        assertEquals("inProgress", FactoryResetStatus.IN_PROGRESS.wireName());
    }
}
