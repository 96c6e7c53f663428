package dev.fleetops.functions.telemetry;

import com.microsoft.applicationinsights.TelemetryClient;
import com.microsoft.applicationinsights.telemetry.EventTelemetry;
import com.microsoft.applicationinsights.telemetry.MetricTelemetry;
import java.util.Map;

/**
 * Sends through the Application Insights Java agent that the Functions host attaches to the Java worker
 * ({@code APPLICATIONINSIGHTS_ENABLE_AGENT}, set in infra/bicep). The {@code applicationinsights-core} 3.x
 * {@link TelemetryClient} is only an API: its {@code track} method is empty and the agent instruments it,
 * so without an agent (local runner, tests) every call is a cheap no-op, and constructing it costs nothing.
 */
public final class ApplicationInsightsTelemetry implements RolloutTelemetry {
    private final TelemetryClient client;

    public ApplicationInsightsTelemetry() {
        this(new TelemetryClient());
    }

    /** On another client: tests see what would be tracked. */
    ApplicationInsightsTelemetry(TelemetryClient client) {
        this.client = client;
    }

    @Override
    public void metric(String name, double value, Map<String, String> dimensions) {
        MetricTelemetry m = new MetricTelemetry(name, value);
        m.getProperties().putAll(dimensions);
        client.trackMetric(m);
    }

    @Override
    public void event(String name, Map<String, String> properties, Map<String, Double> measurements) {
        EventTelemetry e = new EventTelemetry(name);
        e.getProperties().putAll(properties);
        e.getMetrics().putAll(measurements);
        client.trackEvent(e);
    }
}
