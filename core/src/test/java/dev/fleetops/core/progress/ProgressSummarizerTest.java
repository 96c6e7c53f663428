package dev.fleetops.core.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.fleetops.contract.Action;
import dev.fleetops.contract.StrictJson;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProgressSummarizerTest {
    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
    private final ProgressSummarizer summarizer =
            new ProgressSummarizer(new ProgressSettings(Duration.ofMinutes(30), 2, 100));

    private static JsonObject row(String json) {
        return StrictJson.parseObject(json);
    }

    private static JsonObject twin(String id, String dm) {
        return row("{\"deviceId\":\"" + id + "\",\"properties\":{\"reported\":{\"iothubDM\":" + dm + "}}}");
    }

    private ProgressSummary summarize(List<JsonObject> stuck, List<JsonObject> failed) {
        return summarizer.summarize(
                NOW,
                new ProgressSummarizer.Rows(
                        List.of(row("{\"count\":10}")),
                        Map.of(
                                Action.FIRMWARE_UPDATE,
                                List.of(
                                        row("{\"status\":\"applyComplete\",\"count\":6}"),
                                        row("{\"status\":\"downloading\",\"count\":1}"),
                                        row("{\"count\":3}"))),
                        List.of(row("{\"version\":\"1.0.0\",\"count\":4}"), row("{\"version\":\"2.0.0\",\"count\":6}")),
                        stuck,
                        failed));
    }

    @Test
    void countsDevicesPerStatusAndVersionWithNoneForSilentDevices() {
        ProgressSummary s = summarize(List.of(), List.of());
        assertEquals(10, s.totalDevices());
        assertEquals(
                Map.of("applyComplete", 6L, "downloading", 1L, "none", 3L),
                s.statusCounts().get("firmwareUpdate"));
        assertEquals(Map.of(), s.statusCounts().get("reboot"));
        assertEquals(Map.of("1.0.0", 4L, "2.0.0", 6L), s.firmwareVersions());
        assertEquals("2026-06-01T12:00:00.000Z", s.generatedAt());
    }

    @Test
    void stuckMeansNonTerminalAndOlderThanTheThreshold() {
        ProgressSummary s = summarize(
                List.of(
                        twin(
                                "old",
                                "{\"firmwareUpdate\":{\"status\":\"downloading\",\"operationId\":\"f1\",\"updatedAt\":\"2026-06-01T11:00:00.000Z\"}}"),
                        twin(
                                "recent",
                                "{\"firmwareUpdate\":{\"status\":\"downloading\",\"updatedAt\":\"2026-06-01T11:45:00.000Z\"}}"),
                        twin(
                                "done",
                                "{\"firmwareUpdate\":{\"status\":\"applyComplete\",\"updatedAt\":\"2026-06-01T10:00:00.000Z\"}}"),
                        twin("noTime", "{\"reboot\":{\"status\":\"rebooting\"}}")),
                List.of());
        assertEquals(1, s.stuck().size());
        ProgressSummary.StuckDevice d = s.stuck().get(0);
        assertEquals("old", d.deviceId());
        assertEquals("firmwareUpdate", d.action());
        assertEquals("f1", d.operationId());
    }

    @Test
    void recentFailuresAreNewestFirstAndLimited() {
        ProgressSummary s = summarize(
                List.of(),
                List.of(
                        twin(
                                "a",
                                "{\"reboot\":{\"status\":\"failed\",\"updatedAt\":\"2026-06-01T09:00:00.000Z\",\"error\":{\"code\":\"e1\",\"message\":\"m\"}}}"),
                        twin(
                                "b",
                                "{\"firmwareUpdate\":{\"status\":\"applyFailed\",\"updatedAt\":\"2026-06-01T11:00:00.000Z\"}}"),
                        twin(
                                "c",
                                "{\"factoryReset\":{\"status\":\"failed\",\"updatedAt\":\"2026-06-01T10:00:00.000Z\"}}"),
                        twin("d", "{\"firmwareUpdate\":{\"status\":\"applyComplete\"}}")));
        assertEquals(
                List.of("b", "c"),
                s.recentFailures().stream()
                        .map(ProgressSummary.Failure::deviceId)
                        .toList());
        assertFalse(s.truncated());
    }

    @Test
    void hostileValuesAreBoundedAndCannotExplodeTheCountTables() {
        List<JsonObject> rows = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            rows.add(row("{\"status\":\"s" + i + "\",\"count\":1}"));
        }
        rows.add(row("{\"status\":{\"obj\":1},\"count\":2}"));
        rows.add(row("{\"status\":\"" + "x".repeat(1000) + "\",\"count\":\"many\"}"));
        Map<String, Long> counts = ProgressSummarizer.counts(rows, "status");
        assertTrue(counts.size() <= ProgressSettings.MAX_DISTINCT_VALUES + 1);
        assertEquals(
                500 + 2 + 0, counts.values().stream().mapToLong(Long::longValue).sum());
        assertTrue(counts.keySet().stream().allMatch(k -> k.length() <= 64));
    }

    @Test
    void aFullScanIsFlaggedAsTruncated() {
        ProgressSummarizer tiny = new ProgressSummarizer(new ProgressSettings(Duration.ofMinutes(30), 5, 2));
        ProgressSummary s = tiny.summarize(
                NOW,
                new ProgressSummarizer.Rows(
                        List.of(), Map.of(), List.of(), List.of(), List.of(twin("a", "{}"), twin("b", "{}"))));
        assertTrue(s.truncated());
        assertEquals(0, s.totalDevices());
    }

    @Test
    void digestIsOneLineWithTheNumbersThatMatter() {
        String digest = summarize(List.of(), List.of()).digest();
        assertFalse(digest.contains("\n"));
        assertTrue(digest.contains("10 devices"), digest);
        assertTrue(digest.contains("firmwareUpdate applyComplete=6,downloading=1"), digest);
    }
}
