package dev.fleetops.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HealthReportTest {

    @Test
    void patchIsTheSmallHealthObjectAGateQueries() {
        JsonObject patch =
                HealthReport.of(true, "2.1.0", "2026-01-02T03:04:05.678Z").patch();
        assertEquals(
                StrictJson.parseObject(
                        "{\"health\":{\"status\":\"ok\",\"version\":\"2.1.0\",\"checkedAt\":\"2026-01-02T03:04:05.678Z\"}}"),
                patch);
        assertEquals("properties.reported.health.status", ReportedPaths.HEALTH_STATUS);
        assertEquals("properties.reported." + HealthReport.PROPERTY, ReportedPaths.HEALTH);
    }

    @Test
    void readsWhatTheDeviceWritesAndIgnoresUnknownFields() {
        HealthReport r = HealthReport.fromReported(StrictJson.parseObject("""
                {"health":{"status":"failed","version":"2.0.0","checkedAt":"2026-01-02T03:04:05.678Z","extra":1},
                 "iothubDM":{}}"""));
        assertEquals(new HealthReport("failed", "2.0.0", "2026-01-02T03:04:05.678Z"), r);
        assertFalse(r.healthy());
        assertTrue(HealthReport.of(true, "1", "2026-01-02T03:04:05.678Z").healthy());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{}",
                "{\"health\":\"ok\"}",
                "{\"health\":null}",
                "{\"health\":[]}",
                "{\"health\":{\"status\":\"OK\",\"version\":\"1.0\",\"checkedAt\":\"2026-01-02T03:04:05.678Z\"}}",
                "{\"health\":{\"status\":\"good\",\"version\":\"1.0\",\"checkedAt\":\"2026-01-02T03:04:05.678Z\"}}",
                "{\"health\":{\"status\":true,\"version\":\"1.0\",\"checkedAt\":\"2026-01-02T03:04:05.678Z\"}}",
                "{\"health\":{\"status\":{\"x\":1},\"version\":\"1.0\",\"checkedAt\":\"2026-01-02T03:04:05.678Z\"}}",
                "{\"health\":{\"status\":\"ok\",\"checkedAt\":\"2026-01-02T03:04:05.678Z\"}}",
                "{\"health\":{\"status\":\"ok\",\"version\":\"-1\",\"checkedAt\":\"2026-01-02T03:04:05.678Z\"}}",
                "{\"health\":{\"status\":\"ok\",\"version\":\"1 0\",\"checkedAt\":\"2026-01-02T03:04:05.678Z\"}}",
                "{\"health\":{\"status\":\"ok\",\"version\":7,\"checkedAt\":\"2026-01-02T03:04:05.678Z\"}}",
                "{\"health\":{\"status\":\"ok\",\"version\":\"1.0\"}}",
                "{\"health\":{\"status\":\"ok\",\"version\":\"1.0\",\"checkedAt\":\"2026-01-02T03:04:05Z\"}}",
                "{\"health\":{\"status\":\"ok\",\"version\":\"1.0\",\"checkedAt\":\"2026-13-02T03:04:05.678Z\"}}",
                "{\"health\":{\"status\":\"ok\",\"version\":\"1.0\",\"checkedAt\":\"yesterday\"}}",
                "{\"health\":{\"status\":\"ok\",\"version\":\"1.0\",\"checkedAt\":1767322445678}}"
            })
    void anythingElseReadsAsNoReport(String reported) {
        assertNull(HealthReport.fromReported(StrictJson.parseObject(reported)), reported);
    }

    @Test
    void absentTwinReadsAsNoReport() {
        assertNull(HealthReport.fromReported(null));
        assertNull(HealthReport.from(null));
    }
}
