package dev.fleetops.functions.http;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatusType;
import dev.fleetops.functions.wiring.SettingsException;
import java.util.Map;
import java.util.function.Supplier;
import java.util.logging.Level;

/** Builds the HTTP responses of every endpoint: JSON documents and problem+json errors. */
public final class HttpResponses {
    static final Gson JSON = new GsonBuilder().disableHtmlEscaping().create();

    private HttpResponses() {
    }

    public static HttpResponseMessage json(HttpRequestMessage<?> request, int status, Object body, Map<String, String> headers) {
        HttpResponseMessage.Builder b = request.createResponseBuilder(HttpStatusType.custom(status))
                .header("Content-Type", "application/json; charset=utf-8")
                .body(body instanceof String s ? s : JSON.toJson(body));
        headers.forEach(b::header);
        return b.build();
    }

    public static HttpResponseMessage problem(HttpRequestMessage<?> request, Problem problem) {
        HttpResponseMessage.Builder b = request.createResponseBuilder(HttpStatusType.custom(problem.status()))
                .header("Content-Type", Problem.CONTENT_TYPE)
                .body(JSON.toJson(problem.body(request.getUri() == null ? null : request.getUri().getPath())));
        problem.headers().forEach(b::header);
        return b.build();
    }

    /**
     * Runs an endpoint so that nothing escapes as a stack trace: configuration errors become a 500 that
     * names the setting, anything unexpected a logged 500 without internals.
     */
    public static HttpResponseMessage guard(HttpRequestMessage<?> request, ExecutionContext context,
                                            Supplier<HttpResponseMessage> endpoint) {
        try {
            return endpoint.get();
        } catch (SettingsException e) {
            context.getLogger().severe("configuration error: " + e.getMessage());
            return problem(request, Problems.configuration(e.getMessage()));
        } catch (RuntimeException e) {
            context.getLogger().log(Level.SEVERE, "unexpected error in " + context.getFunctionName()
                    + " (invocation " + context.getInvocationId() + ")", e);
            return problem(request, Problems.internal().with("invocationId", context.getInvocationId()));
        }
    }
}
