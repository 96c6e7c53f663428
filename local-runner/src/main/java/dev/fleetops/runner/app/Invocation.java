package dev.fleetops.runner.app;

import com.microsoft.azure.functions.ExecutionContext;
import dev.fleetops.runner.http.LocalHttpRequest;
import java.util.Map;
import java.util.Optional;

/**
 * The inputs of one invocation.
 *
 * @param request     the HTTP request, or null for a timer
 * @param bindingData values for {@code @BindingName}: route values first, then query parameters
 * @param timerInfo   the timer trigger's JSON, or null for HTTP
 */
public record Invocation(LocalHttpRequest<Optional<String>> request, Map<String, String> bindingData, String timerInfo,
                         ExecutionContext context) {

    public static Invocation http(LocalHttpRequest<Optional<String>> request, Map<String, String> bindingData,
                                  ExecutionContext context) {
        return new Invocation(request, bindingData, null, context);
    }

    public static Invocation timer(String timerInfo, ExecutionContext context) {
        return new Invocation(null, Map.of(), timerInfo, context);
    }
}
