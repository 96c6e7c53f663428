package dev.fleetops.functions.telemetry;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.applicationinsights.TelemetryClient;
import com.microsoft.applicationinsights.telemetry.EventTelemetry;
import com.microsoft.applicationinsights.telemetry.MetricTelemetry;
import dev.fleetops.core.rollout.Counts;
import dev.fleetops.core.rollout.ExecutionState;
import dev.fleetops.core.rollout.FailureType;
import dev.fleetops.core.rollout.RolloutEvent;
import dev.fleetops.core.rollout.service.RolloutSummary;
import dev.fleetops.core.rollout.service.RolloutTicker;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RolloutTelemetryRecorderTest {
    private static final String ID = "7c1e0000-0000-4000-8000-000000000001";

    /** Records what would reach Application Insights. */
    static final class Recording implements RolloutTelemetry {
        final Map<String, Double> metrics = new LinkedHashMap<>();
        final List<Map<String, String>> metricDimensions = new ArrayList<>();
        final List<String> events = new ArrayList<>();
        final List<Map<String, String>> eventProperties = new ArrayList<>();
        final List<Map<String, Double>> eventMeasurements = new ArrayList<>();

        @Override
        public void metric(String name, double value, Map<String, String> dimensions) {
            metrics.put(name, value);
            metricDimensions.add(Map.copyOf(dimensions));
        }

        @Override
        public void event(String name, Map<String, String> properties, Map<String, Double> measurements) {
            events.add(name);
            eventProperties.add(Map.copyOf(properties));
            eventMeasurements.add(Map.copyOf(measurements));
        }
    }

    private static RolloutSummary summary(String state, Map<String, Long> counts) {
        return new RolloutSummary(
                ID, state, null, "firmwareUpdate", 500, 0, "api", "t", "t", counts, List.of(), 0, 0, null);
    }

    @Test
    void aTickSendsDispatchedAndTheCountsPerOperation() {
        Recording sink = new Recording();
        new RolloutTelemetryRecorder(sink)
                .record(
                        List.of(new RolloutTicker.TickReport(ID, "running", 40, 52, List.of(), false)),
                        id -> Optional.of(summary(
                                "running",
                                Map.of(
                                        "succeeded",
                                        312L,
                                        "failed",
                                        3L,
                                        "timed_out",
                                        1L,
                                        "rejected",
                                        2L,
                                        "in_progress",
                                        40L,
                                        "queued",
                                        142L))));
        assertEquals(
                Map.of(
                        "fleetops.operation.dispatched",
                        40.0,
                        "fleetops.operation.succeeded",
                        312.0,
                        "fleetops.operation.failed",
                        6.0,
                        "fleetops.operation.inProgress",
                        40.0,
                        "fleetops.operation.queued",
                        142.0,
                        "fleetops.operation.canceled",
                        0.0),
                sink.metrics);
        assertTrue(
                sink.metricDimensions.stream()
                        .allMatch(d ->
                                d.equals(Map.of("operationId", ID, "action", "firmwareUpdate", "state", "running"))),
                sink.metricDimensions.toString());
        assertEquals(List.of(), sink.events, "no decision, no event");
    }

    @Test
    void anAbortBecomesAnEventWithItsReasonAndTheCounts() {
        Recording sink = new Recording();
        String reason = "aborted: ALL 100.00% (1 of 1 finished) reached the 25.00% abort threshold";
        RolloutEvent aborted = new RolloutEvent.Aborted(FailureType.ALL, 100, 1, 1, 25);
        new RolloutTelemetryRecorder(sink)
                .record(
                        List.of(new RolloutTicker.TickReport(ID, "aborted", 0, 4, List.of(aborted), false)),
                        id -> Optional.of(summary("aborted", Map.of("failed", 1L, "in_progress", 2L, "canceled", 3L))));
        assertEquals(List.of("FleetOperationAborted"), sink.events);
        assertEquals(reason, sink.eventProperties.get(0).get("reason"));
        assertEquals("aborted", sink.eventProperties.get(0).get("state"));
        assertEquals(1.0, sink.eventMeasurements.get(0).get("failed"));
        assertEquals(3.0, sink.eventMeasurements.get(0).get("canceled"));
    }

    @Test
    void skippedTicksSendNothingAndAnUnreadableOperationStillSendsDispatchedAndItsDecisions() {
        Recording sink = new Recording();
        new RolloutTelemetryRecorder(sink)
                .record(
                        List.of(
                                new RolloutTicker.TickReport("other", "running", 5, 0, List.of(), true),
                                new RolloutTicker.TickReport(
                                        ID, "running", 7, 7, List.of(new RolloutEvent.Started()), false)),
                        id -> {
                            throw new IllegalStateException("storage down");
                        });
        assertEquals(Map.of("fleetops.operation.dispatched", 7.0), sink.metrics);
        assertEquals(Map.of("operationId", ID, "action", "unknown", "state", "running"), sink.metricDimensions.get(0));
        assertEquals(List.of("FleetOperationStarted"), sink.events);
    }

    @Test
    void everyDecisionOfTheEngineHasItsOwnEventName() {
        // The events RolloutEngine puts into TickReport.events(), named by type (their text is the event's reason).
        assertEquals("FleetOperationStarted", RolloutTelemetryRecorder.eventName(new RolloutEvent.Started()));
        assertEquals(
                "FleetOperationWaveOpened",
                RolloutTelemetryRecorder.eventName(new RolloutEvent.WaveOpened(1, 0, 100, 95)));
        assertEquals(
                "FleetOperationPaused",
                RolloutTelemetryRecorder.eventName(new RolloutEvent.PausedBelowThreshold(0, 50, 100)));
        assertEquals(
                "FleetOperationAborted",
                RolloutTelemetryRecorder.eventName(new RolloutEvent.Aborted(FailureType.FAILED, 20, 2, 10, 20)));
        assertEquals(
                "FleetOperationCompleted",
                RolloutTelemetryRecorder.eventName(
                        new RolloutEvent.Completed(new Counts(Map.of(ExecutionState.SUCCEEDED, 10L)))));
        assertEquals(
                "FleetOperationDecision", RolloutTelemetryRecorder.eventName(new RolloutEvent.TickSkipped("busy")));
        // The name no longer depends on the wording.
        assertEquals(
                "wave 1 opened: wave 0 reached 100.0% success (threshold 95.0%)",
                new RolloutEvent.WaveOpened(1, 0, 100, 95).text());
    }

    @Test
    void withoutTheAgentTheApplicationInsightsAdapterIsANoOp() {
        // No -javaagent in tests: the 3.x TelemetryClient's track() is empty, so sending must simply return
        // (RolloutTelemetry: implementations must not throw).
        ApplicationInsightsTelemetry ai = new ApplicationInsightsTelemetry();
        assertDoesNotThrow(() -> ai.metric("fleetops.operation.dispatched", 3, Map.of("operationId", ID)));
        assertDoesNotThrow(() -> ai.event("FleetOperationAborted", Map.of("operationId", ID), Map.of("failed", 1.0)));
    }

    @Test
    void theApplicationInsightsAdapterTracksAMetricAndAnEventWithTheirDimensions() {
        List<MetricTelemetry> metrics = new ArrayList<>();
        List<EventTelemetry> events = new ArrayList<>();
        ApplicationInsightsTelemetry ai = new ApplicationInsightsTelemetry(new TelemetryClient() {
            @Override
            public void trackMetric(MetricTelemetry m) {
                metrics.add(m);
            }

            @Override
            public void trackEvent(EventTelemetry e) {
                events.add(e);
            }
        });

        ai.metric("fleetops.operation.dispatched", 3, Map.of("operationId", ID));
        ai.event("FleetOperationAborted", Map.of("operationId", ID), Map.of("failed", 1.0));

        assertEquals(1, metrics.size());
        assertEquals("fleetops.operation.dispatched", metrics.get(0).getName());
        assertEquals(3.0, metrics.get(0).getValue());
        assertEquals(ID, metrics.get(0).getProperties().get("operationId"));
        assertEquals(1, events.size());
        assertEquals("FleetOperationAborted", events.get(0).getName());
        assertEquals(ID, events.get(0).getProperties().get("operationId"));
        assertEquals(1.0, events.get(0).getMetrics().get("failed"));
    }
}
