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
        assertFalse(Pattern.compile("\\ssrc=").matcher(html).find(), "nothing to load");
        Matcher links = Pattern.compile("\\shref=\"([^\"]*)\"").matcher(html);
        int n = 0;
        while (links.find()) {
            n++;
            assertTrue(
                    links.group(1).startsWith("../../devices/")
                            || links.group(1).startsWith("devices?state="),
                    "links stay relative to the report's address: " + links.group(1));
        }
        assertTrue(n > 0, "failed devices are linked");
    }

    static DeviceExecution at(String id, int wave, ExecutionState state, Instant when, ErrorInfo error) {
        return DeviceExecution.restore(id, wave, state, 1, null, when.minusSeconds(30), when, "detail", error);
    }

    @Test
    void aCompletedOperationWithFailuresSaysSoInItsBadge() {
        List<DeviceExecution> devices = new ArrayList<>();
        for (int i = 0; i < 18; i++) {
            devices.add(device("ok-" + i, i % 3, ExecutionState.SUCCEEDED, 1 + i, null));
        }
        devices.add(device("bad", 2, ExecutionState.FAILED, 5, new ErrorInfo("x", "y")));
        devices.add(device("slow", 2, ExecutionState.TIMED_OUT, 6, null));
        String html = RolloutReport.render(
                rollout(List.of(), RolloutState.COMPLETED, null, 20), devices, List.of(), T0.plusSeconds(900));
        assertTrue(
                html.contains("<span class=\"badge st-completedWithFailures\" data-state=\"completed\""
                        + " data-outcome=\"completedWithFailures\">completed with failures</span>"),
                html);
        assertTrue(html.contains("10% of finished devices failed (2)."), html);
        assertTrue(html.contains("All 3 waves ran."), html);

        devices.removeIf(e -> !e.deviceId().startsWith("ok-"));
        String clean = RolloutReport.render(
                rollout(List.of(), RolloutState.COMPLETED, null, 18), devices, List.of(), T0.plusSeconds(900));
        assertTrue(clean.contains("<span class=\"badge st-completed\" data-state=\"completed\""), clean);
        assertTrue(clean.contains("No finished device failed."), clean);
        assertFalse(clean.contains("with failures"));
    }

    @Test
    void canceledDevicesAreNotCountedAsDone() {
        List<DeviceExecution> devices = new ArrayList<>();
        devices.add(device("ok", 0, ExecutionState.SUCCEEDED, 1, null));
        devices.add(device("bad-1", 0, ExecutionState.FAILED, 2, new ErrorInfo("e", "m")));
        devices.add(device("bad-2", 0, ExecutionState.FAILED, 3, new ErrorInfo("e", "m")));
        for (int i = 0; i < 22; i++) {
            devices.add(device("c-" + i, 1 + i % 2, ExecutionState.CANCELED, 4, null));
        }
        String html = RolloutReport.render(
                rollout(List.of(), RolloutState.CANCELED, "stop", 25), devices, List.of(), T0.plusSeconds(900));
        assertTrue(
                html.contains("3 of 25 devices finished (12%), 22 canceled. 66.7% of finished devices failed (2)."),
                html);
        assertFalse(html.contains("25 of 25"), html);
        assertFalse(html.contains("100%)"), html);
        assertTrue(html.contains("Canceled in wave 2 of 3."), html);
    }

    @Test
    void theWaveIsSaidInPlainWords() {
        String html = render();
        assertTrue(html.contains("<p class=\"progress-line\" id=\"wave-line\">Wave 2 of 3 in progress.</p>"), html);
        assertFalse(html.contains("Open wave"));
        assertTrue(html.contains("<span class=\"wave-name\">Wave 1</span>"), "waves are counted from 1 for people");
        assertTrue(html.contains("<span class=\"wave-name\">Wave 3</span>"));
        assertEquals(
                "Paused in wave 2 of 3.",
                RolloutReport.waveLine(
                        rollout(List.of(), RolloutState.PAUSED, null, 20).rollout()));
        assertEquals(
                "Not started yet: 3 waves planned.",
                RolloutReport.waveLine(
                        rollout(List.of(), RolloutState.SCHEDULED, null, 20).rollout()));
    }

    @Test
    void thePaceAndTheTimeLeftAreShownWhileItRuns() {
        Instant now = T0.plusSeconds(900);
        List<DeviceExecution> devices = new ArrayList<>();
        // 10 succeeded within the last 5 minutes: 2 per minute; 20 left: about 10 minutes
        for (int i = 0; i < 10; i++) {
            devices.add(at("ok-" + i, 0, ExecutionState.SUCCEEDED, now.minusSeconds(20L * i + 10), null));
        }
        for (int i = 0; i < 20; i++) {
            devices.add(DeviceExecution.queued("q-" + i, 1, T0));
        }
        String html = RolloutReport.render(rollout(List.of(), RolloutState.RUNNING, null, 30), devices, List.of(), now);
        assertTrue(html.contains("Pace: 2 devices succeeded per minute over the last 5 minutes"), html);
        assertTrue(html.contains("About 10 min left at this pace (around 2026-07-01 22:25:00 UTC)."), html);

        devices.replaceAll(e -> e.state() == ExecutionState.SUCCEEDED
                ? at(e.deviceId(), 0, ExecutionState.SUCCEEDED, T0.plusSeconds(10), null)
                : e);
        String stalled =
                RolloutReport.render(rollout(List.of(), RolloutState.RUNNING, null, 30), devices, List.of(), now);
        assertTrue(stalled.contains("No estimate of the time left: no device succeeded in the last 5 minutes."));
        assertEquals("under a minute", RolloutReport.duration(59));
        assertEquals("2 h 5 min", RolloutReport.duration(7500));
        assertEquals("3 d 1 h", RolloutReport.duration(3 * 86400 + 3600));
    }

    @Test
    void failedDevicesAreListedByIdWithTheirReasonBoundedAndEscaped() {
        List<DeviceExecution> devices = new ArrayList<>();
        String hostileId = "dev\"><script>alert(1)</script>";
        devices.add(at(
                hostileId, 0, ExecutionState.FAILED, T0.plusSeconds(3600), new ErrorInfo("<b>code</b>", "<i>msg</i>")));
        for (int i = 0; i < 55; i++) {
            devices.add(at(String.format("f-%02d", i), 0, ExecutionState.FAILED, T0.plusSeconds(60L * i), null));
        }
        for (int i = 0; i < 5; i++) {
            devices.add(at("t-" + i, 1, ExecutionState.TIMED_OUT, T0.plusSeconds(10), null));
        }
        devices.add(at("fine", 1, ExecutionState.SUCCEEDED, T0.plusSeconds(10), null));
        String html = RolloutReport.render(
                rollout(List.of(), RolloutState.RUNNING, null, 62), devices, List.of(), T0.plusSeconds(4000));
        String section = between(html, "id=\"failed-devices\"", "id=\"audit\"");
        assertEquals(50, section.split("<tr data-device=").length - 1, "at most 50 rows");
        assertTrue(section.contains("and 11 more. The API lists every one:"), section);
        assertTrue(section.contains("<a href=\"devices?state=failed\">56 failed</a>"), section);
        assertTrue(section.contains("<a href=\"devices?state=timed_out\">5 timed out</a>"), section);
        assertFalse(section.contains("state=rejected"), "no link to an empty list");
        assertFalse(section.contains("<script"), section);
        assertFalse(section.contains("<b>") || section.contains("<i>"), section);
        // the newest failure first: the hostile one, escaped as text and as a percent-encoded path segment
        assertTrue(
                section.contains("<tr data-device=\"dev&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;\"><td>"
                        + "<a href=\"../../devices/dev%22%3E%3Cscript%3Ealert%281%29%3C%2Fscript%3E/status\">"
                        + "<code>dev&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;</code></a></td><td>failed</td>"
                        + "<td><code>&lt;b&gt;code&lt;/b&gt;</code> &lt;i&gt;msg&lt;/i&gt;</td>"),
                section);
        assertFalse(section.contains("fine"), "succeeded devices are not listed");
        assertEquals("a%2Fb%20c%C3%A9~-._", RolloutReport.pathSegment("a/b cé~-._"));
    }

    private static String between(String s, String from, String to) {
        int a = s.indexOf(from);
        int b = s.indexOf(to, a);
        return s.substring(a, b);
    }
}
