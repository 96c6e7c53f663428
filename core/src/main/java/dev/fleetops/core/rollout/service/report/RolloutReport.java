package dev.fleetops.core.rollout.service.report;

import static dev.fleetops.core.rollout.service.report.Html.text;

import dev.fleetops.contract.ErrorInfo;
import dev.fleetops.core.rollout.AbortCriterion;
import dev.fleetops.core.rollout.Counts;
import dev.fleetops.core.rollout.DeviceExecution;
import dev.fleetops.core.rollout.ExecutionState;
import dev.fleetops.core.rollout.FailureType;
import dev.fleetops.core.rollout.Rollout;
import dev.fleetops.core.rollout.RolloutState;
import dev.fleetops.core.rollout.WavePlan;
import dev.fleetops.core.rollout.service.AuditEvent;
import dev.fleetops.core.rollout.service.RolloutSnapshot;
import dev.fleetops.core.rollout.service.RolloutSummary;
import dev.fleetops.core.rollout.service.StoredRollout;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * The human-readable report of one rollout ({@code GET /api/operations/{id}/report}): a
 * self-contained HTML page with inline CSS and inline SVG only, no scripts and no external requests,
 * so it works under {@code Content-Security-Policy: default-src 'none'; style-src 'unsafe-inline'}.
 * Pure: the same inputs give the same page. Every text that a caller or a device wrote (reason, actor,
 * error codes and messages, audit events) is escaped with {@link Html#text}.
 */
public final class RolloutReport {
    public static final String CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";
    static final int TOP_REASONS = 10;
    static final int LAST_EVENTS = 15;
    static final int FAILED_DEVICES = 50;
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private RolloutReport() {}

    /** One row of the failure-reasons table. */
    record Reason(String code, String message, TreeSet<String> states, long count) {}

    public static String render(RolloutSnapshot snapshot) {
        return render(snapshot.stored(), snapshot.executions(), snapshot.audit(), snapshot.at());
    }

    public static String render(
            StoredRollout stored, List<DeviceExecution> executions, List<AuditEvent> audit, Instant now) {
        Rollout r = stored.rollout();
        Counts all = Counts.of(executions);
        String state = r.state().wireName();
        Outcome outcome = Outcome.of(r.state(), all);
        StringBuilder h = new StringBuilder(16_384);
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"")
                .append(CONTENT_SECURITY_POLICY)
                .append("\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<meta name=\"referrer\" content=\"no-referrer\">")
                .append("<title>")
                .append(text(stored.action(), 80))
                .append(" · ")
                .append(outcome.label())
                .append(" · FleetOps operation ")
                .append(text(r.id(), 80))
                .append("</title><style>")
                .append(ReportStyle.css())
                .append("</style></head><body><main>\n");

        header(h, stored, all, outcome, RolloutSummary.of(stored, executions, now), now);
        hubWait(h, executions);
        waves(h, r.config().waves(), executions, stored.deviceCount());
        List<DeviceExecution> finished = ReportCharts.finished(executions);
        Instant end = r.state().isTerminal() ? r.updatedAt() : now;
        ReportCharts.Span span = ReportCharts.Span.of(r.createdAt(), end, finished);
        timeline(h, finished, span);
        failureRate(h, finished, r.config().abort(), span);
        reasons(h, executions);
        failedDevices(h, executions, all);
        auditTrail(h, audit);
        h.append("<footer>Generated ").append(WHEN.format(now)).append(" by FleetOps. Times are UTC.</footer>\n");
        return h.append("</main></body></html>\n").toString();
    }

    /** Says plainly when devices wait for IoT Hub rather than for themselves: an outage is not a device failure. */
    private static void hubWait(StringBuilder h, List<DeviceExecution> executions) {
        long waiting = executions.stream()
                .filter(e -> e.state() == ExecutionState.QUEUED
                        && e.queueReason() == dev.fleetops.core.rollout.QueueReason.HUB_UNAVAILABLE)
                .count();
        if (waiting > 0) {
            h.append("<p class=\"reason\" data-waiting=\"hub\"><strong>Waiting for IoT Hub:</strong> ")
                    .append(waiting)
                    .append(" devices are queued because the hub failed or refused FleetOps' credentials;")
                    .append(" they are retried without using an attempt and do not count as failures.</p>");
        }
    }

    /**
     * The badge: the operation's state, except that a completed operation in which devices failed says so (a
     * green "completed" next to a failure rate read as "all went well").
     */
    record Outcome(String key, String label) {
        static Outcome of(RolloutState state, Counts all) {
            String wire = state.wireName();
            if (state == RolloutState.COMPLETED && all.matching(FailureType.ALL) > 0) {
                return new Outcome("completedWithFailures", "completed with failures");
            }
            return new Outcome(wire, ReportStyle.words(wire));
        }
    }

    private static void header(
            StringBuilder h, StoredRollout stored, Counts all, Outcome outcome, RolloutSummary summary, Instant now) {
        Rollout r = stored.rollout();
        String state = r.state().wireName();
        h.append("<header class=\"card\" id=\"summary\"><p class=\"eyebrow\">FleetOps · fleet operation</p>")
                .append("<h1><span class=\"action\">")
                .append(text(stored.action(), 80))
                .append("</span> <span class=\"badge st-")
                .append(outcome.key())
                .append("\" data-state=\"")
                .append(state)
                .append("\" data-outcome=\"")
                .append(outcome.key())
                .append("\">")
                .append(outcome.label())
                .append("</span></h1>")
                .append("<p class=\"meta\">Operation <code>")
                .append(text(r.id(), 80))
                .append("</code> · created by ")
                .append(text(stored.createdBy(), 120))
                .append(" at ")
                .append(WHEN.format(r.createdAt()))
                .append(" · updated ")
                .append(WHEN.format(r.updatedAt()))
                .append("</p>");
        approval(h, r.approval());
        if (r.reason() != null && !r.reason().isBlank()) {
            h.append("<p class=\"reason")
                    .append(r.state().name().equals("ABORTED") ? " st-aborted-reason" : "")
                    .append("\"><strong>Reason:</strong> ")
                    .append(text(r.reason(), 1000))
                    .append("</p>");
        }
        h.append("<dl class=\"tiles\"><div class=\"tile\"><dt>devices</dt><dd data-count=\"total\">")
                .append(stored.deviceCount())
                .append("</dd></div>");
        for (ExecutionState s : ReportStyle.BAR_ORDER) {
            long n = all.get(s);
            if (n == 0 && s == ExecutionState.REMOVED) {
                continue;
            }
            h.append("<div class=\"tile t-")
                    .append(ReportStyle.key(s))
                    .append("\"><dt>")
                    .append(ReportStyle.label(s))
                    .append("</dt><dd data-count=\"")
                    .append(ReportStyle.key(s))
                    .append("\">")
                    .append(n)
                    .append("</dd></div>");
        }
        h.append("</dl>");
        h.append("<p class=\"progress-line\" id=\"progress\">")
                .append(progressLine(all))
                .append("</p><p class=\"progress-line\" id=\"wave-line\">")
                .append(waveLine(r))
                .append("</p><p class=\"progress-line\" id=\"pace\">")
                .append(paceLine(r, summary, now))
                .append("</p></header>\n");
    }

    /**
     * How far it got, counted honestly: only devices that finished the update (succeeded, failed, timed out,
     * rejected) count as finished; canceled ones and ones that left the hub are named apart, never as done.
     */
    static String progressLine(Counts all) {
        long total = all.total();
        long finished = all.finished();
        long canceled = all.get(ExecutionState.CANCELED);
        long removed = all.get(ExecutionState.REMOVED);
        long pending = total - all.terminal();
        StringBuilder b = new StringBuilder()
                .append(finished)
                .append(" of ")
                .append(total)
                .append(total == 1 ? " device" : " devices")
                .append(" finished (")
                .append(ReportCharts.pct(total == 0 ? 0 : Math.round(1000.0 * finished / total) / 10.0))
                .append(')');
        if (canceled > 0) {
            b.append(", ").append(canceled).append(" canceled");
        }
        if (removed > 0) {
            b.append(", ").append(removed).append(" left the hub");
        }
        if (pending > 0) {
            b.append(", ").append(pending).append(" still to go");
        }
        b.append(". ");
        long failed = all.matching(FailureType.ALL);
        if (finished == 0) {
            b.append("No device has finished yet.");
        } else if (failed == 0) {
            b.append("No finished device failed.");
        } else {
            b.append(ReportCharts.pct(Math.round(1000.0 * failed / finished) / 10.0))
                    .append(" of finished devices failed (")
                    .append(failed)
                    .append(").");
        }
        return b.toString();
    }

    /** Where the operation is in its waves, in words (waves counted from 1 here; the API counts from 0). */
    static String waveLine(Rollout r) {
        int count = r.config().waves().waveCount();
        int current = r.openWave() + 1;
        String of = current + " of " + count;
        return switch (r.state()) {
            case PENDING_APPROVAL -> "Not started: waiting for approval (" + waves(count) + " planned).";
            case RESOLVING -> "Not started: selecting the target devices.";
            case SCHEDULED -> "Not started yet: " + waves(count) + " planned.";
            case RUNNING -> "Wave " + of + " in progress.";
            case PAUSED -> "Paused in wave " + of + ".";
            case COMPLETED -> count == 1 ? "Its one wave ran." : "All " + count + " waves ran.";
            case CANCELED -> "Canceled in wave " + of + ".";
            case ABORTED -> "Aborted in wave " + of + ".";
            case REJECTED -> "Never started: it was not approved.";
        };
    }

    private static String waves(int n) {
        return n == 1 ? "1 wave" : n + " waves";
    }

    /** The pace and the time left (the API's {@code succeededPerMinute} and {@code etaSeconds}), or how long it took. */
    static String paceLine(Rollout r, RolloutSummary summary, Instant now) {
        if (r.state().isTerminal()) {
            return "Ended " + WHEN.format(r.updatedAt()) + ", "
                    + duration(Duration.between(r.createdAt(), r.updatedAt()).toSeconds()) + " after it was created.";
        }
        if (r.state() != RolloutState.RUNNING) {
            return r.state() == RolloutState.PAUSED
                    ? "Paused: nothing is sent until it is resumed, so there is no estimate of the time left."
                    : "No estimate of the time left before it runs.";
        }
        String rate = "Pace: " + ReportCharts.num(round1(summary.succeededPerMinute()))
                + " devices succeeded per minute over the last 5 minutes ("
                + ReportCharts.num(round1(summary.dispatchedPerMinute())) + " sent per minute). ";
        Long eta = summary.etaSeconds();
        if (eta == null) {
            return rate + "No estimate of the time left: no device succeeded in the last 5 minutes.";
        }
        return rate + "About " + duration(eta) + " left at this pace (around " + WHEN.format(now.plusSeconds(eta))
                + ").";
    }

    private static double round1(double v) {
        return Math.round(v * 10) / 10.0;
    }

    /** A duration in words, to the minute ("under a minute", "12 min", "3 h 5 min", "2 d 4 h"). */
    static String duration(long seconds) {
        long minutes = Math.max(0, seconds) / 60;
        if (minutes == 0) {
            return "under a minute";
        }
        if (minutes < 60) {
            return minutes + " min";
        }
        long hours = minutes / 60;
        if (hours < 48) {
            return hours + " h" + (minutes % 60 == 0 ? "" : " " + minutes % 60 + " min");
        }
        return hours / 24 + " d" + (hours % 24 == 0 ? "" : " " + hours % 24 + " h");
    }

    /** Who asked for the second pair of eyes, and who gave it (or refused it), and when. */
    private static void approval(StringBuilder h, dev.fleetops.core.rollout.Approval a) {
        if (a == null) {
            return;
        }
        h.append("<p class=\"approval\" id=\"approval\" data-approval=\"")
                .append(a.status().wireName())
                .append("\"><strong>Approval:</strong> ")
                .append("requested by ")
                .append(text(a.requestedBy(), 120))
                .append(" at ")
                .append(WHEN.format(a.requestedAt()));
        switch (a.status()) {
            case PENDING ->
                h.append("; waiting for another FleetOps.Admin until ").append(WHEN.format(a.expiresAt()));
            case APPROVED ->
                h.append("; approved by ")
                        .append(text(a.decidedBy(), 120))
                        .append(" at ")
                        .append(WHEN.format(a.decidedAt()));
            case REJECTED ->
                h.append("; rejected by ")
                        .append(text(a.decidedBy(), 120))
                        .append(" at ")
                        .append(WHEN.format(a.decidedAt()))
                        .append(
                                a.comment() == null
                                        ? ""
                                        : ": " + text(a.comment(), dev.fleetops.core.rollout.Approval.MAX_COMMENT));
            case EXPIRED -> h.append("; nobody approved it by ").append(WHEN.format(a.expiresAt()));
            case WITHDRAWN ->
                h.append("; withdrawn (canceled) by ")
                        .append(text(a.decidedBy(), 120))
                        .append(" at ")
                        .append(WHEN.format(a.decidedAt()));
        }
        h.append("</p>");
    }

    private static void waves(StringBuilder h, WavePlan plan, List<DeviceExecution> executions, int deviceCount) {
        Map<Integer, List<DeviceExecution>> byWave = new LinkedHashMap<>();
        for (int w = 0; w < plan.waveCount(); w++) {
            byWave.put(w, new ArrayList<>());
        }
        for (DeviceExecution e : executions) {
            byWave.computeIfAbsent(e.wave(), k -> new ArrayList<>()).add(e);
        }
        h.append("<section class=\"card\" id=\"waves\"><h2>Waves</h2><ul class=\"legend\">");
        for (ExecutionState s : ReportStyle.BAR_ORDER) {
            h.append("<li><i class=\"sw s-")
                    .append(ReportStyle.key(s))
                    .append("\"></i>")
                    .append(ReportStyle.label(s))
                    .append("</li>");
        }
        h.append("</ul>");
        for (Map.Entry<Integer, List<DeviceExecution>> w : byWave.entrySet()) {
            int wave = w.getKey();
            Counts c = Counts.of(w.getValue());
            long size = c.total();
            // As the engine judges a wave's success threshold: removed devices (gone from the hub) are left out.
            long counted = size - c.get(ExecutionState.REMOVED);
            String bound = wave < plan.waveCount()
                    ? (plan.percent()
                            ? "up to " + ReportCharts.num(plan.cumulative().get(wave)) + "% of the fleet"
                            : "up to " + ReportCharts.num(plan.cumulative().get(wave)) + " devices")
                    : "outside the plan";
            h.append("<div class=\"wave\" data-wave=\"")
                    .append(wave)
                    .append("\"><div class=\"wave-head\"><span><span class=\"wave-name\">Wave ")
                    .append(wave + 1)
                    .append("</span> <span class=\"wave-sub\">· ")
                    .append(size)
                    .append(size == 1 ? " device" : " devices")
                    .append(" · ")
                    .append(bound)
                    .append("</span></span><span class=\"wave-done\">")
                    .append(
                            counted == 0
                                    ? ""
                                    : ReportCharts.pct(Math.round(1000.0 * c.get(ExecutionState.SUCCEEDED) / counted)
                                                    / 10.0)
                                            + " succeeded")
                    .append("</span></div>");
            if (size == 0) {
                h.append("<div class=\"bar empty\" role=\"img\" aria-label=\"Wave ")
                        .append(wave)
                        .append(": no devices\">no devices</div></div>\n");
                continue;
            }
            StringBuilder aria = new StringBuilder("Wave ").append(wave + 1).append(':');
            StringBuilder nums = new StringBuilder();
            StringBuilder segs = new StringBuilder();
            for (ExecutionState s : ReportStyle.BAR_ORDER) {
                long n = c.get(s);
                if (n == 0) {
                    continue;
                }
                double pct = 100.0 * n / size;
                String key = ReportStyle.key(s);
                segs.append("<span class=\"seg s-")
                        .append(key)
                        .append("\" data-state=\"")
                        .append(key)
                        .append("\" data-count=\"")
                        .append(n)
                        .append("\" style=\"width:")
                        .append(String.format(Locale.ROOT, "%.4f", pct))
                        .append("%\" title=\"")
                        .append(n)
                        .append(' ')
                        .append(ReportStyle.label(s))
                        .append("\">")
                        .append(pct >= 5 ? String.valueOf(n) : "")
                        .append("</span>");
                nums.append("<span data-state=\"")
                        .append(key)
                        .append("\"><i class=\"sw s-")
                        .append(key)
                        .append("\"></i>")
                        .append(n)
                        .append(' ')
                        .append(ReportStyle.label(s))
                        .append("</span>");
                aria.append(' ')
                        .append(n)
                        .append(' ')
                        .append(ReportStyle.label(s))
                        .append(',');
            }
            aria.setLength(aria.length() - 1);
            h.append("<div class=\"bar\" role=\"img\" aria-label=\"")
                    .append(aria)
                    .append("\">")
                    .append(segs)
                    .append("</div>")
                    .append("<div class=\"wave-nums\">")
                    .append(nums)
                    .append("</div></div>\n");
        }
        h.append("</section>\n");
    }

    private static void timeline(StringBuilder h, List<DeviceExecution> finished, ReportCharts.Span span) {
        h.append("<section class=\"card\" id=\"timeline\"><h2>Completions and failures over time</h2>")
                .append("<ul class=\"legend\"><li><i class=\"sw\" style=\"background:")
                .append(ReportStyle.SUCCESS)
                .append("\"></i>succeeded (cumulative)</li><li><i class=\"sw\" style=\"background:")
                .append(ReportStyle.FAILURE)
                .append("\"></i>failed, timed out or rejected (cumulative)</li></ul>")
                .append(ReportCharts.timeline(finished, span));
        if (finished.isEmpty()) {
            h.append("<p class=\"empty-note\">No device has finished yet.</p>");
        }
        h.append("</section>\n");
    }

    private static void failureRate(
            StringBuilder h, List<DeviceExecution> finished, List<AbortCriterion> criteria, ReportCharts.Span span) {
        h.append(
                        "<section class=\"card\" id=\"failure-rate\"><h2>Failure rate and abort thresholds</h2><p class=\"meta\">")
                .append(
                        "Share of finished devices (succeeded, failed, timed out, rejected) that failed, after each device finished. ");
        if (criteria.isEmpty()) {
            h.append("This operation has no abort criteria.");
        } else {
            h.append("Dashed lines: the operation aborts when a rate reaches its line after enough devices finished.");
        }
        h.append("</p>").append(ReportCharts.failureRate(finished, criteria, span));
        if (finished.isEmpty()) {
            h.append("<p class=\"empty-note\">No device has finished yet.</p>");
        }
        h.append("</section>\n");
    }

    static List<Reason> topReasons(List<DeviceExecution> executions) {
        Map<String, Reason> byKey = new LinkedHashMap<>();
        for (DeviceExecution e : executions) {
            if (!FailureType.ALL.matches(e.state())) {
                continue;
            }
            ErrorInfo err = e.error();
            String code = err != null && err.code() != null && !err.code().isBlank() ? err.code() : "(no code)";
            String message =
                    err != null && err.message() != null && !err.message().isBlank()
                            ? err.message()
                            : e.lastDetail() != null && !e.lastDetail().isBlank()
                                    ? e.lastDetail()
                                    : ReportStyle.label(e.state());
            String key = code + "\u0000" + message;
            Reason prev = byKey.get(key);
            TreeSet<String> states = prev == null ? new TreeSet<>() : prev.states();
            states.add(ReportStyle.label(e.state()));
            byKey.put(key, new Reason(code, message, states, prev == null ? 1 : prev.count() + 1));
        }
        return byKey.values().stream()
                .sorted(Comparator.comparingLong(Reason::count)
                        .reversed()
                        .thenComparing(Reason::code)
                        .thenComparing(Reason::message))
                .toList();
    }

    private static void reasons(StringBuilder h, List<DeviceExecution> executions) {
        List<Reason> reasons = topReasons(executions);
        long failedTotal = reasons.stream().mapToLong(Reason::count).sum();
        h.append("<section class=\"card\" id=\"reasons\"><h2>Top failure reasons</h2>");
        if (reasons.isEmpty()) {
            h.append("<p class=\"empty-note\">No device has failed.</p></section>\n");
            return;
        }
        h.append(
                "<table><thead><tr><th>Error code</th><th>Message</th><th>State</th><th class=\"num\">Devices</th></tr></thead><tbody>");
        for (Reason x : reasons.subList(0, Math.min(TOP_REASONS, reasons.size()))) {
            double share = 100.0 * x.count() / failedTotal;
            h.append("<tr><td><code>")
                    .append(text(x.code(), 120))
                    .append("</code></td><td>")
                    .append(text(x.message(), 300))
                    .append("</td><td>")
                    .append(String.join(", ", x.states()))
                    .append("</td><td class=\"num\">")
                    .append(x.count())
                    .append("<span class=\"share\" style=\"width:")
                    .append(String.format(Locale.ROOT, "%.1f", Math.max(2, share * 0.6)))
                    .append("px\"></span></td></tr>");
        }
        h.append("</tbody></table>");
        if (reasons.size() > TOP_REASONS) {
            h.append("<p class=\"meta\">and ")
                    .append(reasons.size() - TOP_REASONS)
                    .append(" more reasons.</p>");
        }
        h.append("</section>\n");
    }

    /**
     * Failed, timed-out and rejected devices by id, newest first, each with its reason and a link to its status
     * ({@code GET /api/devices/{id}/status}); at most {@value #FAILED_DEVICES}, then links to the API's device list
     * of the operation per state for the rest. Links are relative to the report's own address
     * ({@code /api/operations/{id}/report}), so they keep its host and path prefix and load nothing by themselves.
     */
    private static void failedDevices(StringBuilder h, List<DeviceExecution> executions, Counts all) {
        List<DeviceExecution> failed = executions.stream()
                .filter(e -> FailureType.ALL.matches(e.state()))
                .sorted(Comparator.comparing(
                                DeviceExecution::updatedAt, Comparator.nullsLast(Comparator.reverseOrder()))
                        .thenComparing(DeviceExecution::deviceId))
                .toList();
        h.append("<section class=\"card\" id=\"failed-devices\"><h2>Failed, timed-out and rejected devices</h2>");
        if (failed.isEmpty()) {
            h.append("<p class=\"empty-note\">No device has failed.</p></section>\n");
            return;
        }
        h.append("<table><thead><tr><th>Device</th><th>Outcome</th><th>Reason</th><th>When</th></tr></thead><tbody>");
        for (DeviceExecution e : failed.subList(0, Math.min(FAILED_DEVICES, failed.size()))) {
            ErrorInfo err = e.error();
            String code = err != null && err.code() != null && !err.code().isBlank() ? err.code() : null;
            String message =
                    err != null && err.message() != null && !err.message().isBlank() ? err.message() : e.lastDetail();
            h.append("<tr data-device=\"")
                    .append(text(e.deviceId(), 200))
                    .append("\"><td><a href=\"../../devices/")
                    .append(text(pathSegment(e.deviceId()), 1200))
                    .append("/status\"><code>")
                    .append(text(e.deviceId(), 200))
                    .append("</code></a></td><td>")
                    .append(ReportStyle.label(e.state()))
                    .append("</td><td>")
                    .append(code == null ? "" : "<code>" + text(code, 120) + "</code> ")
                    .append(text(message, 300))
                    .append("</td><td class=\"when\">")
                    .append(e.updatedAt() == null ? "" : WHEN.format(e.updatedAt()))
                    .append("</td></tr>");
        }
        h.append("</tbody></table>");
        if (failed.size() > FAILED_DEVICES) {
            h.append("<p class=\"meta\" id=\"more-failed\">and ")
                    .append(failed.size() - FAILED_DEVICES)
                    .append(" more. The API lists every one:");
            String sep = " ";
            for (ExecutionState s : List.of(ExecutionState.FAILED, ExecutionState.TIMED_OUT, ExecutionState.REJECTED)) {
                if (all.get(s) > 0) {
                    h.append(sep)
                            .append("<a href=\"devices?state=")
                            .append(ReportStyle.key(s))
                            .append("\">")
                            .append(all.get(s))
                            .append(' ')
                            .append(ReportStyle.label(s))
                            .append("</a>");
                    sep = " · ";
                }
            }
            h.append(".</p>");
        }
        h.append("</section>\n");
    }

    /** A device id as one URL path segment: every byte outside RFC 3986's unreserved set percent-encoded. */
    static String pathSegment(String s) {
        StringBuilder out = new StringBuilder();
        for (byte b : s.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~".indexOf(c) >= 0) {
                out.append((char) c);
            } else {
                out.append('%')
                        .append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
        return out.toString();
    }

    private static void auditTrail(StringBuilder h, List<AuditEvent> audit) {
        h.append("<section class=\"card\" id=\"audit\"><h2>Recent audit events</h2>");
        if (audit.isEmpty()) {
            h.append("<p class=\"empty-note\">No audit events.</p></section>\n");
            return;
        }
        h.append("<table><thead><tr><th>When</th><th>Who</th><th>What</th></tr></thead><tbody>");
        List<AuditEvent> last = new ArrayList<>(audit.subList(Math.max(0, audit.size() - LAST_EVENTS), audit.size()));
        java.util.Collections.reverse(last);
        for (AuditEvent e : last) {
            h.append("<tr><td class=\"when\">")
                    .append(e.at() == null ? "" : WHEN.format(e.at()))
                    .append("</td><td>")
                    .append(text(e.actor(), 120))
                    .append("</td><td>")
                    .append(text(e.event(), 600))
                    .append("</td></tr>");
        }
        h.append("</tbody></table>");
        if (audit.size() > LAST_EVENTS) {
            h.append("<p class=\"meta\">Newest ")
                    .append(LAST_EVENTS)
                    .append(" of ")
                    .append(audit.size())
                    .append(" events.</p>");
        }
        h.append("</section>\n");
    }
}
