package dev.fleetops.runner.app;

import com.microsoft.azure.functions.ExecutionContext;
import java.util.Map;

/**
 * The inputs of one invocation, as the host sends them to the worker.
 *
 * @param http            the HTTP request, or null
 * @param triggerMetadata what {@code @BindingName} reads, by exact name: route values, query parameters, body
 *                        properties, {@code Query} and {@code Headers} (JSON) for HTTP; the queue message's
 *                        {@code DequeueCount}, {@code Id} … for a queue; nothing for a timer
 * @param timerInfo       the timer trigger's JSON, or null
 * @param queueMessage    the queue message, or null
 */
public record Invocation(
        HttpInput http,
        Map<String, String> triggerMetadata,
        String timerInfo,
        QueueInput queueMessage,
        ExecutionContext context) {

    public Invocation {
        triggerMetadata = Map.copyOf(triggerMetadata);
    }

    public static Invocation http(HttpInput http, Map<String, String> triggerMetadata, ExecutionContext context) {
        return new Invocation(http, triggerMetadata, null, null, context);
    }

    public static Invocation timer(String timerInfo, ExecutionContext context) {
        return new Invocation(null, Map.of(), timerInfo, null, context);
    }

    public static Invocation queue(QueueInput message, Map<String, String> triggerMetadata, ExecutionContext context) {
        return new Invocation(null, triggerMetadata, null, message, context);
    }

    /**
     * A queue message as the host sends it: its body decoded (base64 unless {@code messageEncoding} is none), as
     * bytes when the function's {@code dataType} is {@code binary}, else as text.
     */
    public record QueueInput(byte[] body, boolean binary) {}
}
