package dev.fleetops.functions.telemetry;

import java.util.Map;

/**
 * Where rollout metrics and events go (named {@code fleetops.operation.*} and {@code FleetOperation*}, the API's word): Application Insights in Azure
 * ({@link ApplicationInsightsTelemetry}), nowhere in tests ({@link #NONE}). What is sent is decided by
 * {@link RolloutTelemetryRecorder}; implementations only deliver. Implementations must not throw.
 */
public interface RolloutTelemetry {
    /** A measurement, e.g. {@code fleetops.operation.succeeded = 312} for one operation (a {@code customMetrics} row). */
    void metric(String name, double value, Map<String, String> dimensions);

    /** Something that happened, e.g. {@code FleetOperationAborted} with its reason (a {@code customEvents} row). */
    void event(String name, Map<String, String> properties, Map<String, Double> measurements);

    RolloutTelemetry NONE = new RolloutTelemetry() {
        @Override
        public void metric(String name, double value, Map<String, String> dimensions) {}

        @Override
        public void event(String name, Map<String, String> properties, Map<String, Double> measurements) {}
    };
}
