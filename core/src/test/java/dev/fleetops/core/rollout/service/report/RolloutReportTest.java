package dev.fleetops.core.rollout.service.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import dev.fleetops.core.rollout.service.StoredRollout;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class RolloutReportTest {
    static final Instant T0 = Instant.parse("2026-07-01T22:00:00Z");
    static final String ID = "0f8fad5b-d9cb-469f-a165-70867728950e";

    static StoredRollout rollout(List<AbortCriterion> abort, RolloutState state, String reason, int devices) {
        RolloutConfig config = new RolloutConfig(
                new WavePlan(List.of(10.0, 50.0, 100.0), true),
                95,
                abort,
                RatePolicy.fixed(60),
                Duration.ofMinutes(30),
                RetryPolicy.none(),
                null,
                null,
                null);
        return new StoredRollout(
                Rollout.restore(ID, state, config, 1, T0, T0.plusSeconds(600), reason),
                "firmwareUpdate",
                new JsonObject(),
                null,
                devices,
                "alice@example.com",
                "e1");
    }

    static DeviceExecution device(String id, int wave, ExecutionState state, int minute, ErrorInfo error) {
        return DeviceExecution.restore(
                id, wave, state, 1, null, T0.plusSeconds(30), T0.plusSeconds(60L * minute), "detail", error);
    }

    /** Wave 0: 8 succeeded, 1 failed, 1 timed out; wave 1: 4 succeeded, 3 failed, 3 queued; wave 2: empty. */
    static List<DeviceExecution> executions() {
        List<DeviceExecution> out = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            out.add(device("w0-ok-" + i, 0, ExecutionState.SUCCEEDED, 1 + i, null));
        }
        out.add(device(
                "w0-bad",
                0,
                ExecutionState.FAILED,
                3,
                new ErrorInfo("flashWrite", "<script>alert('x')</script> & \"boom\"")));
        out.add(device("w0-slow", 0, ExecutionState.TIMED_OUT, 9, null));
        for (int i = 0; i < 4; i++) {
            out.add(device("w1-ok-" + i, 1, ExecutionState.SUCCEEDED, 10 + i, null));
        }
        for (int i = 0; i < 3; i++) {
            out.add(device(
                    "w1-bad-" + i,
                    1,
                    ExecutionState.FAILED,
                    11 + i,
                    new ErrorInfo("sha256Mismatch", "checksum mismatch")));
        }
        for (int i = 0; i < 3; i++) {
            out.add(DeviceExecution.queued("w1-q-" + i, 1, T0));
        }
        return out;
    }

    static String render() {
        return RolloutReport.render(
                rollout(List.of(new AbortCriterion(FailureType.ALL, 10, 20)), RolloutState.RUNNING, null, 20),
                executions(),
                List.of(
                        new AuditEvent(T0, "<img src=x onerror=alert(1)>", "created"),
                        new AuditEvent(T0.plusSeconds(540), "engine", "wave 1 opened: wave 0 reached 80.0% success")),
                T0.plusSeconds(900));
    }

    @Test
    void hostileDeviceAndCallerTextIsEscaped() {
        String html = render();
        assertFalse(html.contains("<script"), "no script element may reach the page");
        assertFalse(html.contains("<img"), "no markup from the audit actor");
        assertTrue(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;boom&quot;"), html);
        assertTrue(html.contains("&lt;img src=x onerror=alert(1)&gt;"));
    }

    @Test
    void escapingReplacesControlCharactersAndShortens() {
        assertEquals("a\uFFFDb", Html.text("a\u0007b"));
        assertEquals("abc…", Html.text("abcdef", 3));
        assertEquals("", Html.text(null));
    }

    @Test
    void barsCarryTheNumbersAndTheWidths() {
        String html = render();
        String wave0 = between(html, "data-wave=\"0\"", "data-wave=\"1\"");
        assertTrue(wave0.contains("data-state=\"succeeded\" data-count=\"8\" style=\"width:80.0000%\""), wave0);
        assertTrue(wave0.contains("data-state=\"failed\" data-count=\"1\" style=\"width:10.0000%\""), wave0);
        assertTrue(wave0.contains("data-state=\"timed_out\" data-count=\"1\""), wave0);
        assertTrue(wave0.contains("8 succeeded"));
        assertTrue(wave0.contains("80% succeeded"));
        String wave1 = between(html, "data-wave=\"1\"", "data-wave=\"2\"");
        assertTrue(wave1.contains("data-state=\"queued\" data-count=\"3\" style=\"width:30.0000%\""), wave1);
        assertTrue(html.contains("<div class=\"bar empty\""), "wave 2 has no devices");
        assertTrue(html.contains("<dd data-count=\"succeeded\">12</dd>"));
        assertTrue(html.contains("<dd data-count=\"failed\">4</dd>"));
    }

    @Test
    void aRemovedDeviceHasItsOwnTileAndIsNeitherASuccessNorAFailure() {
        List<DeviceExecution> devices = new ArrayList<>(executions());
        devices.removeIf(e -> e.deviceId().equals("w0-ok-0"));
        devices.add(device(
                "w0-gone",
                0,
                ExecutionState.REMOVED,
                2,
                new ErrorInfo("deviceNotRegistered", "device not registered")));
        String html = RolloutReport.render(
                rollout(List.of(new AbortCriterion(FailureType.ALL, 10, 20)), RolloutState.RUNNING, null, 20),
                devices,
                List.of(),
                T0.plusSeconds(900));
        assertTrue(html.contains("<dd data-count=\"removed\">1</dd>"), "the tile appears once a device is removed");
        String wave0 = between(html, "data-wave=\"0\"", "data-wave=\"1\"");
        assertTrue(wave0.contains("data-state=\"removed\" data-count=\"1\""), wave0);
        assertTrue(
                wave0.contains("77.8% succeeded"),
                "7 of the 9 devices that can succeed, as the engine counts: " + wave0);
        assertTrue(RolloutReport.topReasons(devices).stream()
                .noneMatch(r -> r.code().equals("deviceNotRegistered")));
        // 5 of 16 finished devices failed in some way: the removed one is not finished
        assertTrue(html.contains("data-series=\"ALL\" data-current=\"31.3\""), html);
    }

    @Test
    void thresholdLinesAreDrawnForEachAbortCriterion() {
        String html = RolloutReport.render(
                rollout(
                        List.of(
                                new AbortCriterion(FailureType.ALL, 10, 20),
                                new AbortCriterion(FailureType.TIMED_OUT, 5, 10)),
                        RolloutState.RUNNING,
                        null,
                        20),
                executions(),
                List.of(),
                T0.plusSeconds(900));
        Matcher m = Pattern.compile("<line class=\"threshold\" data-threshold=\"([0-9.]+)\" data-type=\"(\\w+)\"")
                .matcher(html);
        List<String> found = new ArrayList<>();
        while (m.find()) {
            found.add(m.group(1) + " " + m.group(2));
        }
        assertEquals(List.of("20.0 ALL", "10.0 TIMED_OUT"), found);
        assertTrue(html.contains("abort at 20% all failures (after 10 finished)"));
        assertTrue(html.contains("data-series=\"TIMED_OUT\""), "a rate line for each criterion's failure type");
        // 5 of 17 finished devices failed in some way
        assertTrue(html.contains("data-series=\"ALL\" data-current=\"29.4\""), html);
    }

    @Test
    void withoutAbortCriteriaThereAreNoThresholdLines() {
        String html = RolloutReport.render(
                rollout(List.of(), RolloutState.RUNNING, null, 20), executions(), List.of(), T0.plusSeconds(900));
        assertFalse(html.contains("class=\"threshold\""));
        assertTrue(html.contains("This operation has no abort criteria."));
    }

    @Test
    void failureReasonsAreCountedAndSorted() {
        List<RolloutReport.Reason> reasons = RolloutReport.topReasons(executions());
        assertEquals(3, reasons.size());
        assertEquals("sha256Mismatch", reasons.get(0).code());
        assertEquals(3, reasons.get(0).count());
        assertEquals("(no code)", reasons.get(1).code());
        assertEquals("detail", reasons.get(1).message());
        assertEquals(List.of("timed out"), List.copyOf(reasons.get(1).states()));
    }

    @Test
    void anEmptyOperationRenders() {
        String html = RolloutReport.render(
                rollout(List.of(new AbortCriterion(FailureType.ALL, 10, 20)), RolloutState.SCHEDULED, null, 0),
                List.of(),
                List.of(),
                T0);
        assertTrue(html.startsWith("<!DOCTYPE html>"));
        assertTrue(html.contains("No device has finished yet."));
        assertTrue(html.contains("No device has failed."));
        assertTrue(html.contains("No audit events."));
        assertTrue(html.contains("class=\"threshold\""));
        assertFalse(html.contains("NaN"));
        assertFalse(html.contains("Infinity"));
        assertTrue(html.endsWith("</html>\n"));
    }

    @Test
    void theReasonIsShownEscapedAndThePageIsStrict() {
        String html = RolloutReport.render(
                rollout(List.of(), RolloutState.ABORTED, "ALL 25% <b>reached</b>", 20),
                executions(),
                List.of(),
                T0.plusSeconds(900));
        assertTrue(html.contains("ALL 25% &lt;b&gt;reached&lt;/b&gt;"));
        assertTrue(html.contains("content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\""));
        assertFalse(html.contains("<script"));
        assertFalse(html.replace("xmlns=\"http://www.w3.org/2000/svg\"", "").contains("://"), "no external references");
        assertFalse(Pattern.compile("\\s(src|href)=").matcher(html).find(), "nothing to load");
    }

    private static String between(String s, String from, String to) {
        int a = s.indexOf(from);
        int b = s.indexOf(to, a);
        return s.substring(a, b);
    }
}
