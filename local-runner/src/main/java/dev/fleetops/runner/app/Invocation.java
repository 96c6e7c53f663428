package dev.fleetops.runner.app;

import com.microsoft.azure.functions.ExecutionContext;
import java.util.Map;

/**
 * The inputs of one invocation, as the host sends them to the worker.
 *
 * @param http            the HTTP request, or null for a timer
 * @param triggerMetadata what {@code @BindingName} reads, by exact name: route values, query parameters, body
 *                        properties, {@code Query} and {@code Headers} (JSON) for HTTP; nothing for a timer
 * @param timerInfo       the timer trigger's JSON, or null for HTTP
 */
public record Invocation(
        HttpInput http, Map<String, String> triggerMetadata, String timerInfo, ExecutionContext context) {

    public Invocation {
        triggerMetadata = Map.copyOf(triggerMetadata);
    }

    public static Invocation http(HttpInput http, Map<String, String> triggerMetadata, ExecutionContext context) {
        return new Invocation(http, triggerMetadata, null, context);
    }

    public static Invocation timer(String timerInfo, ExecutionContext context) {
        return new Invocation(null, Map.of(), timerInfo, context);
    }
}
