package dev.fleetops.functions.telemetry;

import dev.fleetops.core.rollout.RolloutEvent;
import dev.fleetops.core.rollout.service.RolloutSummary;
import dev.fleetops.core.rollout.service.RolloutTicker;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * What one rollout tick tells Application Insights, per operation, so an operator can chart a rollout
 * (queries in docs/operations-monitoring.md):
 * <ul>
 *   <li>metrics ({@code customMetrics}), each with dimensions {@code operationId}, {@code action},
 *       {@code state}: {@code fleetops.operation.dispatched} (devices this tick invoked: sum it over
 *       time) and the current device counts {@code .succeeded}, {@code .failed} (failed, timed out or
 *       rejected), {@code .inProgress}, {@code .queued}, {@code .canceled} (take the latest or max);</li>
 *   <li>events ({@code customEvents}) for the engine's decisions in that tick:
 *       {@code FleetOperationStarted}, {@code FleetOperationWaveOpened}, {@code FleetOperationPaused},
 *       {@code FleetOperationAborted}, {@code FleetOperationCompleted}, with the decision's text as
 *       {@code reason} and the counts as measurements.</li>
 * </ul>
 * Ticks that were skipped (another tick held the operation) send nothing. Counts need the operation's
 * summary after the tick; without it only {@code dispatched} and the events are sent.
 */
public final class RolloutTelemetryRecorder {
    public static final String PREFIX = "fleetops.operation.";

    private final RolloutTelemetry telemetry;

    public RolloutTelemetryRecorder(RolloutTelemetry telemetry) {
        this.telemetry = telemetry;
    }

    /** Sends the telemetry of one timer run; {@code summaries} reads an operation's summary after its tick. */
    public void record(List<RolloutTicker.TickReport> reports, Function<String, Optional<RolloutSummary>> summaries) {
        for (RolloutTicker.TickReport r : reports) {
            if (r.skipped()) {
                continue;
            }
            Optional<RolloutSummary> summary;
            try {
                summary = summaries.apply(r.id());
            } catch (RuntimeException e) {
                summary = Optional.empty();
            }
            record(r, summary);
        }
    }

    void record(RolloutTicker.TickReport r, Optional<RolloutSummary> summary) {
        Map<String, String> dims = new LinkedHashMap<>();
        dims.put("operationId", r.id());
        dims.put("action", summary.map(RolloutSummary::action).orElse("unknown"));
        dims.put("state", r.state() == null ? "unknown" : r.state());
        Map<String, Double> counts = summary.map(s -> counts(s.counts())).orElse(Map.of());
        telemetry.metric(PREFIX + "dispatched", r.dispatched(), dims);
        counts.forEach((name, value) -> telemetry.metric(PREFIX + name, value, dims));
        for (RolloutEvent decision : r.events()) {
            Map<String, String> props = new LinkedHashMap<>(dims);
            props.put("reason", decision.text());
            Map<String, Double> measurements = new LinkedHashMap<>(counts);
            measurements.put("dispatched", (double) r.dispatched());
            telemetry.event(eventName(decision), props, measurements);
        }
    }

    /** The Application Insights event name of one of the engine's decisions, by its type. */
    static String eventName(RolloutEvent decision) {
        return switch (decision.type()) {
            case "started" -> "FleetOperationStarted";
            case "aborted" -> "FleetOperationAborted";
            case "completed" -> "FleetOperationCompleted";
            case "pausedBelowThreshold", "pausedByOperator" -> "FleetOperationPaused";
            case "waveOpened" -> "FleetOperationWaveOpened";
            default -> "FleetOperationDecision";
        };
    }

    private static Map<String, Double> counts(Map<String, Long> byState) {
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("succeeded", (double) n(byState, "succeeded"));
        out.put("failed", (double) (n(byState, "failed") + n(byState, "timed_out") + n(byState, "rejected")));
        out.put("inProgress", (double) n(byState, "in_progress"));
        out.put("queued", (double) n(byState, "queued"));
        out.put("canceled", (double) (n(byState, "canceled") + n(byState, "removed")));
        return out;
    }

    private static long n(Map<String, Long> byState, String state) {
        Long v = byState.get(state);
        return v == null ? 0 : v;
    }
}
