package dev.fleetops.functions.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.fleetops.contract.ErrorInfo;
import dev.fleetops.core.rollout.AbortCriterion;
import dev.fleetops.core.rollout.DeviceExecution;
import dev.fleetops.core.rollout.ExecutionState;
import dev.fleetops.core.rollout.FailureType;
import dev.fleetops.core.rollout.RatePolicy;
import dev.fleetops.core.rollout.RetryPolicy;
import dev.fleetops.core.rollout.Rollout;
import dev.fleetops.core.rollout.RolloutConfig;
import dev.fleetops.core.rollout.RolloutState;
import dev.fleetops.core.rollout.WavePlan;
import dev.fleetops.core.rollout.service.AuditEvent;
import dev.fleetops.core.rollout.service.InMemoryRolloutStore;
import dev.fleetops.core.rollout.service.RolloutControl;
import dev.fleetops.core.rollout.service.StoredRollout;
import dev.fleetops.core.rollout.service.report.RolloutReport;
import dev.fleetops.testkit.browser.BrowserScripts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Renders the report of a realistic operation and looks at it in headless Chromium (Debian's
 * {@code chromium}, driven by playwright-core from {@code tools/browser-tests}): what the bars, the
 * threshold line and the failure table look like to a person, and that the page loads nothing and logs
 * no errors under its Content-Security-Policy. The screenshot is left in
 * {@code target/report-screenshots/operation-report.png}.
 */
class RolloutReportBrowserIT {
    static final String ID = "7c9e6679-7425-40de-944b-e07fc1f90ae7";
    static final Instant T0 = Instant.parse("2026-07-01T22:00:00Z");
    static final Instant NOW = T0.plus(Duration.ofMinutes(40));
    static final String HOSTILE = "<script>alert('pwned')</script> flash write failed at block 0x1f";

    static final String FINISHED_ID = "3f2504e0-4f89-41d3-9a0c-0305e82c3301";
    static final String HOSTILE_ID = "dev\"><img src=x onerror=alert(1)>";

    static JsonObject seen;
    static JsonObject finished;
    static Path screenshot;

    @BeforeAll
    static void renderAndLook() throws Exception {
        Path tools = BrowserScripts.tools("playwright-core");
        InMemoryRolloutStore store = new InMemoryRolloutStore();
        store.create(rollout(), executions(), null, null);
        store.audit(ID, new AuditEvent(T0, "alice@example.com", "created: firmwareUpdate 2.0.0 to 100 devices"));
        store.audit(
                ID,
                new AuditEvent(
                        T0.plus(Duration.ofMinutes(12)),
                        "engine",
                        "wave 1 opened: wave 0 reached 80.0% success (threshold 80.0%)"));
        store.audit(
                ID, new AuditEvent(T0.plus(Duration.ofMinutes(20)), "bob@example.com", "paused by bob@example.com"));
        store.audit(
                ID, new AuditEvent(T0.plus(Duration.ofMinutes(25)), "bob@example.com", "resumed by bob@example.com"));
        String html = new RolloutControl(store, Clock.fixed(NOW, ZoneOffset.UTC))
                .snapshot(ID)
                .map(RolloutReport::render)
                .orElseThrow();
        seen = look(tools, html, "operation-report");
        screenshot = Path.of("target/report-screenshots/operation-report.png").toAbsolutePath();

        InMemoryRolloutStore finishedStore = new InMemoryRolloutStore();
        finishedStore.create(finishedRollout(), finishedExecutions(), null, null);
        finished = look(
                tools,
                new RolloutControl(finishedStore, Clock.fixed(NOW, ZoneOffset.UTC))
                        .snapshot(FINISHED_ID)
                        .map(RolloutReport::render)
                        .orElseThrow(),
                "completed-with-failures-report");
    }

    /**
     * Opens {@code html} as the API serves it (at {@link #address}, under the report's CSP) and returns what
     * report-check.mjs saw; the screenshot and the page are kept in {@code target/report-screenshots/NAME.*}.
     */
    static JsonObject look(Path tools, String html, String name) throws Exception {
        Path out = Path.of("target/report-screenshots").toAbsolutePath();
        Files.createDirectories(out);
        Path page = Files.createTempFile(name, ".html");
        Files.writeString(page, html, StandardCharsets.UTF_8);
        Path png = out.resolve(name + ".png");
        Files.deleteIfExists(png);
        Files.writeString(out.resolve(name + ".html"), html, StandardCharsets.UTF_8);
        String id = html.contains(FINISHED_ID) ? FINISHED_ID : ID;
        JsonObject seen = BrowserScripts.run(
                tools,
                Duration.ofSeconds(120),
                "report-check.mjs",
                page.toString(),
                png.toString(),
                BrowserScripts.CHROMIUM.toString(),
                address(id));
        Files.deleteIfExists(page);
        return seen;
    }

    /** Where the API serves the report of operation {@code id} (a name nobody resolves: the check answers it). */
    static String address(String id) {
        return "https://fleetops.test/api/operations/" + id + "/report";
    }

    static StoredRollout rollout() {
        RolloutConfig config = new RolloutConfig(
                new WavePlan(List.of(10.0, 50.0, 100.0), true),
                80,
                List.of(new AbortCriterion(FailureType.ALL, 10, 20)),
                RatePolicy.fixed(60),
                Duration.ofMinutes(30),
                RetryPolicy.none(),
                null,
                null,
                null);
        return new StoredRollout(
                Rollout.restore(ID, RolloutState.RUNNING, config, 1, T0, T0.plus(Duration.ofMinutes(25)), null),
                "firmwareUpdate",
                new JsonObject(),
                null,
                100,
                "alice@example.com",
                null);
    }

    static DeviceExecution done(String id, int wave, ExecutionState state, int minute, ErrorInfo error) {
        return DeviceExecution.restore(
                id,
                wave,
                state,
                1,
                null,
                T0.plus(Duration.ofMinutes(minute - 1)),
                T0.plus(Duration.ofMinutes(minute)),
                state == ExecutionState.TIMED_OUT ? "no report within 30 min" : "done",
                error);
    }

    /** Wave 0 (10): 8 ok, 1 checksum, 1 timeout. Wave 1 (40): 24 ok, 2 checksum, 2 hostile flash errors, 5 running, 7 queued. Wave 2 (50): queued. */
    static List<DeviceExecution> executions() {
        ErrorInfo checksum = new ErrorInfo("sha256Mismatch", "Downloaded package does not match the expected SHA-256");
        ErrorInfo flash = new ErrorInfo("flashWriteError", HOSTILE);
        List<DeviceExecution> out = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            out.add(done(String.format("dev-w0-%02d", i), 0, ExecutionState.SUCCEEDED, 2 + i, null));
        }
        out.add(done("dev-w0-08", 0, ExecutionState.FAILED, 6, checksum));
        out.add(done("dev-w0-09", 0, ExecutionState.TIMED_OUT, 20, null));
        for (int i = 0; i < 24; i++) {
            out.add(done(String.format("dev-w1-%02d", i), 1, ExecutionState.SUCCEEDED, 14 + i, null));
        }
        out.add(done("dev-w1-24", 1, ExecutionState.FAILED, 17, checksum));
        out.add(done("dev-w1-25", 1, ExecutionState.FAILED, 22, checksum));
        out.add(done("dev-w1-26", 1, ExecutionState.FAILED, 29, flash));
        out.add(done("dev-w1-27", 1, ExecutionState.FAILED, 35, flash));
        for (int i = 28; i < 33; i++) {
            out.add(DeviceExecution.restore(
                    "dev-w1-" + i,
                    1,
                    ExecutionState.IN_PROGRESS,
                    1,
                    null,
                    T0.plus(Duration.ofMinutes(40)),
                    T0.plus(Duration.ofMinutes(40)),
                    "accepted",
                    null));
        }
        for (int i = 33; i < 40; i++) {
            out.add(DeviceExecution.queued("dev-w1-" + i, 1, T0));
        }
        for (int i = 0; i < 50; i++) {
            out.add(DeviceExecution.queued(String.format("dev-w2-%02d", i), 2, T0));
        }
        return out;
    }

    /** Completed after an operator canceled 20 devices: 40 succeeded, 58 failed (one with a hostile id), 2 timed out. */
    static StoredRollout finishedRollout() {
        StoredRollout r = rollout();
        return new StoredRollout(
                Rollout.restore(
                        FINISHED_ID,
                        RolloutState.COMPLETED,
                        r.rollout().config(),
                        2,
                        T0,
                        T0.plus(Duration.ofMinutes(39)),
                        null),
                "firmwareUpdate",
                new JsonObject(),
                null,
                120,
                "alice@example.com",
                null);
    }

    static List<DeviceExecution> finishedExecutions() {
        ErrorInfo checksum = new ErrorInfo("sha256Mismatch", "Downloaded package does not match the expected SHA-256");
        List<DeviceExecution> out = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            out.add(done(String.format("ok-%03d", i), i < 12 ? 0 : 1, ExecutionState.SUCCEEDED, 2 + i % 30, null));
        }
        out.add(done(HOSTILE_ID, 1, ExecutionState.FAILED, 38, new ErrorInfo("flashWriteError", HOSTILE)));
        for (int i = 0; i < 57; i++) {
            out.add(done(String.format("bad-%03d", i), 1 + i % 2, ExecutionState.FAILED, 3 + i % 30, checksum));
        }
        out.add(done("slow-0", 2, ExecutionState.TIMED_OUT, 36, null));
        out.add(done("slow-1", 2, ExecutionState.TIMED_OUT, 36, null));
        for (int i = 0; i < 20; i++) {
            out.add(done(String.format("canceled-%02d", i), 2, ExecutionState.CANCELED, 30, null));
        }
        return out;
    }

    static JsonObject wave(int n) {
        for (JsonElement w : seen.getAsJsonArray("waves")) {
            if (w.getAsJsonObject().get("wave").getAsInt() == n) {
                return w.getAsJsonObject();
            }
        }
        throw new AssertionError("no wave " + n + " in " + seen);
    }

    /** The share of the bar's inner width that a segment covers, as a person would judge it. */
    static double share(int wave, String state) {
        JsonObject w = wave(wave);
        double inner = w.getAsJsonObject("bar").get("width").getAsDouble() - 2; // 1px border each side
        for (JsonElement s : w.getAsJsonArray("segments")) {
            JsonObject seg = s.getAsJsonObject();
            if (seg.get("state").getAsString().equals(state)) {
                assertTrue(seg.get("visible").getAsBoolean(), state + " segment of wave " + wave + " is visible");
                return seg.get("width").getAsDouble() / inner;
            }
        }
        return 0;
    }

    @Test
    void theHeaderSaysWhatRunsAndHowFarItGot() {
        String header = seen.get("header").getAsString();
        assertTrue(header.contains("firmwareUpdate"), header);
        assertTrue(header.toLowerCase().contains("running"), header);
        assertTrue(header.contains(ID), header);
        assertTrue(header.contains("alice@example.com"), header);
        assertEquals(
                "38 of 100 devices finished (38%), 62 still to go. 15.8% of finished devices failed (6).",
                seen.get("progress").getAsString());
        assertEquals("Wave 2 of 3 in progress.", seen.get("waveLine").getAsString());
        assertFalse(header.contains("Open wave"), header);
        assertTrue(seen.get("title").getAsString().startsWith("firmwareUpdate"));
    }

    @Test
    void barsShowEachWavesSharesToScale() {
        assertEquals(3, seen.getAsJsonArray("waves").size());
        assertEquals(0.80, share(0, "succeeded"), 0.01);
        assertEquals(0.10, share(0, "failed"), 0.01);
        assertEquals(0.10, share(0, "timed_out"), 0.01);
        assertEquals(0.60, share(1, "succeeded"), 0.01);
        assertEquals(0.125, share(1, "in_progress"), 0.01);
        assertEquals(0.175, share(1, "queued"), 0.01);
        assertEquals(1.0, share(2, "queued"), 0.01);
        assertTrue(wave(0).get("numbers").getAsString().contains("8 succeeded"), wave(0).toString());
        assertTrue(wave(0).get("head").getAsString().contains("80% succeeded"), wave(0).toString());
        JsonArray segs = wave(0).getAsJsonArray("segments");
        assertEquals(
                "8", segs.get(0).getAsJsonObject().get("text").getAsString(), "the count is written on a wide segment");
        assertNotEquals(
                segs.get(0).getAsJsonObject().get("background"),
                segs.get(1).getAsJsonObject().get("background"),
                "succeeded and failed have different colours");
        double left = wave(0).getAsJsonObject("bar").get("x").getAsDouble();
        assertEquals(
                left + 1, segs.get(0).getAsJsonObject().get("x").getAsDouble(), 1.0, "succeeded starts at the left");
    }

    @Test
    void theAbortThresholdIsDrawnAboveTheLiveFailureRate() {
        JsonArray thresholds = seen.getAsJsonArray("thresholds");
        assertEquals(1, thresholds.size(), seen.toString());
        JsonObject t = thresholds.get(0).getAsJsonObject();
        assertEquals(20.0, t.get("threshold").getAsDouble());
        assertTrue(t.get("visible").getAsBoolean(), t.toString());
        double chartWidth = seen.getAsJsonObject("chart").get("width").getAsDouble();
        assertTrue(t.get("width").getAsDouble() > 0.7 * chartWidth, "the line spans the plot: " + t);
        assertTrue(seen.getAsJsonArray("thresholdLabels").get(0).getAsString().contains("abort at 20%"));
        JsonObject rate = seen.getAsJsonArray("rates").get(0).getAsJsonObject();
        assertEquals(15.8, rate.get("current").getAsDouble(), 0.05);
        assertTrue(rate.get("visible").getAsBoolean());
        // the rate line ends below the threshold (larger y on screen): its bottom edge is under the line
        assertTrue(
                rate.get("y").getAsDouble() + rate.get("height").getAsDouble()
                        > t.get("y").getAsDouble(),
                rate + " vs " + t);
    }

    @Test
    void theFailureTableShowsReasonsAsPlainText() {
        JsonArray rows = seen.getAsJsonArray("reasons");
        assertEquals(3, rows.size(), rows.toString());
        JsonArray first = rows.get(0).getAsJsonArray();
        assertEquals("sha256Mismatch", first.get(0).getAsString());
        assertEquals("3", first.get(3).getAsString());
        JsonArray second = rows.get(1).getAsJsonArray();
        assertEquals("flashWriteError", second.get(0).getAsString());
        assertEquals(HOSTILE, second.get(1).getAsString(), "the hostile message is shown as text, not run");
        assertEquals("2", second.get(3).getAsString());
        assertEquals(4, seen.getAsJsonArray("audit").size());
        assertTrue(
                seen.getAsJsonArray("audit")
                        .get(0)
                        .getAsJsonArray()
                        .get(2)
                        .getAsString()
                        .startsWith("resumed"),
                "newest first");
    }

    @Test
    void thePageIsQuietAndSelfContained() throws IOException {
        assertEquals(0, seen.get("scripts").getAsInt(), "no script element, not even the hostile one");
        assertEquals(
                0,
                seen.getAsJsonArray("consoleErrors").size(),
                seen.getAsJsonArray("consoleErrors").toString());
        assertEquals(
                0,
                seen.getAsJsonArray("requests").size(),
                seen.getAsJsonArray("requests").toString());
        assertFalse(seen.get("horizontalOverflow").getAsBoolean(), "fits a 1100 px window");
        assertTrue(seen.get("timelineVisible").getAsBoolean());
        assertTrue(Files.size(screenshot) > 20_000, "screenshot " + screenshot + " has content");
    }

    @Test
    void theTimeLeftAndThePaceAreShownAsTheApiComputesThem() {
        // 2 devices succeeded in the last 5 minutes (0.4 a minute), 6 were sent (5 running, 1 done); 62 left: 155 min
        assertEquals(
                "Pace: 0.4 devices succeeded per minute over the last 5 minutes (1.2 sent per minute). "
                        + "About 2 h 35 min left at this pace (around 2026-07-02 01:15:00 UTC).",
                seen.get("pace").getAsString());
    }

    @Test
    void failedDevicesAreListedByIdWithReasonAndALinkThatWorks() {
        JsonArray rows = seen.getAsJsonArray("failedDevices");
        assertEquals(6, rows.size(), rows.toString());
        JsonObject newest = rows.get(0).getAsJsonObject();
        JsonArray cells = newest.getAsJsonArray("cells");
        assertEquals("dev-w1-27", cells.get(0).getAsString());
        assertEquals("failed", cells.get(1).getAsString());
        assertEquals("flashWriteError " + HOSTILE, cells.get(2).getAsString(), "the reason is plain text");
        assertTrue(newest.get("linkVisible").getAsBoolean());
        assertEquals(
                "https://fleetops.test/api/devices/dev-w1-27/status",
                newest.get("href").getAsString());
        assertEquals(
                "https://fleetops.test/api/devices/dev-w1-27/status",
                seen.get("navigatedTo").getAsString(),
                "clicking the device opens its status in the API");
        assertTrue(
                rows.asList().stream()
                        .anyMatch(r -> r.getAsJsonObject()
                                .getAsJsonArray("cells")
                                .get(1)
                                .getAsString()
                                .equals("timed out")),
                "the timed-out device is listed too");
        assertTrue(seen.get("moreFailed").isJsonNull(), "all 6 fit, nothing more to link");
    }

    @Test
    void aCompletedOperationWithFailuresIsNotShownAsASuccess() {
        JsonObject badge = finished.getAsJsonObject("badge");
        assertEquals("COMPLETED WITH FAILURES", badge.get("text").getAsString());
        assertNotEquals("rgb(218, 251, 225)", badge.get("background").getAsString(), "not the green of a success");
        assertEquals("rgb(255, 241, 229)", badge.get("background").getAsString());
        assertTrue(finished.get("title").getAsString().contains("completed with failures"));
        assertEquals(
                "100 of 120 devices finished (83.3%), 20 canceled. 60% of finished devices failed (60).",
                finished.get("progress").getAsString(), "canceled devices are not counted as done");
        assertEquals("All 3 waves ran.", finished.get("waveLine").getAsString());
    }

    @Test
    void aLongFailureListIsBoundedWithLinksToTheRestAndHostileIdsStayText() {
        JsonArray rows = finished.getAsJsonArray("failedDevices");
        assertEquals(50, rows.size());
        JsonObject hostile = rows.get(0).getAsJsonObject();
        assertEquals(HOSTILE_ID, hostile.getAsJsonArray("cells").get(0).getAsString(), "the id is shown as text");
        assertEquals(
                "https://fleetops.test/api/devices/dev%22%3E%3Cimg%20src%3Dx%20onerror%3Dalert%281%29%3E/status",
                hostile.get("href").getAsString());
        JsonObject more = finished.getAsJsonObject("moreFailed");
        assertEquals(
                "and 10 more. The API lists every one: 58 failed · 2 timed out.",
                more.get("text").getAsString());
        assertEquals(
                List.of(
                        "https://fleetops.test/api/operations/" + FINISHED_ID + "/devices?state=failed",
                        "https://fleetops.test/api/operations/" + FINISHED_ID + "/devices?state=timed_out"),
                more.getAsJsonArray("links").asList().stream()
                        .map(JsonElement::getAsString)
                        .toList());
        assertEquals(0, finished.get("scripts").getAsInt());
        assertEquals(
                0,
                finished.getAsJsonArray("requests").size(),
                finished.getAsJsonArray("requests").toString());
        assertEquals(
                0,
                finished.getAsJsonArray("consoleErrors").size(),
                finished.getAsJsonArray("consoleErrors").toString());
        assertEquals(
                "https://fleetops.test/api/devices/dev%22%3E%3Cimg%20src%3Dx%20onerror%3Dalert%281%29%3E/status",
                finished.get("navigatedTo").getAsString());
    }
}
