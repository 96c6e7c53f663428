package dev.fleetops.core.progress;

import dev.fleetops.contract.ErrorInfo;
import java.util.List;
import java.util.Map;

/**
 * A snapshot of fleet progress, written by the timer and served by {@code GET /api/progress}.
 *
 * @param statusCounts     per action (method name), devices per reported status; devices that never
 *                         reported the action count under {@value #NONE}
 * @param firmwareVersions devices per reported firmware version ({@value #NONE} for unknown)
 * @param stuck            devices whose action has sat in a non-terminal status longer than the threshold
 * @param recentFailures   the most recent failures, newest first
 * @param truncated        whether a bounded scan (stuck or failed devices) stopped before the end
 */
public record ProgressSummary(
        String generatedAt,
        long totalDevices,
        long stuckAfterMinutes,
        Map<String, Map<String, Long>> statusCounts,
        Map<String, Long> firmwareVersions,
        List<StuckDevice> stuck,
        List<Failure> recentFailures,
        boolean truncated) {
    public static final String NONE = "none";

    public record StuckDevice(String deviceId, String action, String status, String operationId, String updatedAt) {}

    public record Failure(
            String deviceId, String action, String status, String operationId, String updatedAt, ErrorInfo error) {}

    /** One line for logs: totals per action and the counts that need attention. */
    public String digest() {
        StringBuilder sb = new StringBuilder("progress ")
                .append(generatedAt)
                .append(": ")
                .append(totalDevices)
                .append(" devices");
        statusCounts.forEach((action, counts) -> {
            sb.append("; ").append(action).append(' ');
            StringBuilder parts = new StringBuilder();
            counts.forEach((status, n) -> {
                if (!NONE.equals(status)) {
                    parts.append(parts.length() == 0 ? "" : ",")
                            .append(status)
                            .append('=')
                            .append(n);
                }
            });
            sb.append(parts.length() == 0 ? "-" : parts);
        });
        sb.append("; stuck=").append(stuck.size()).append("; recentFailures=").append(recentFailures.size());
        if (truncated) {
            sb.append(" (scan truncated)");
        }
        return sb.toString();
    }
}
