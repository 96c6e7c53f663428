package dev.fleetops.testkit.http;

import com.microsoft.azure.functions.HttpMethod;
import dev.fleetops.standins.http.WorkerHttpRequest;
import java.net.URI;
import java.util.Map;
import java.util.Optional;

/**
 * Requests for calling a function's entry point as the Java worker does: the local runner's own
 * {@link WorkerHttpRequest}, so tests and the runner share one implementation of the Functions API.
 */
public final class TestHttpRequest {
    private TestHttpRequest() {}

    /** A POST of {@code jsonBody} (none when null; then without content type). */
    public static WorkerHttpRequest<Optional<String>> post(String path, String jsonBody) {
        Map<String, String> headers = jsonBody == null ? Map.of() : Map.of("content-type", "application/json");
        return request(HttpMethod.POST, path, headers, jsonBody);
    }

    public static WorkerHttpRequest<Optional<String>> get(String path) {
        return request(HttpMethod.GET, path, Map.of(), null);
    }

    public static WorkerHttpRequest<Optional<String>> request(
            HttpMethod method, String path, Map<String, String> headers, String body) {
        // Every FleetOps route but the anonymous one is authLevel function: the host let this request in with a key,
        // and in key mode the app's authenticator looks for it (core/identity/Authenticator).
        Map<String, String> withKey = new java.util.LinkedHashMap<>(headers);
        withKey.putIfAbsent("x-functions-key", "test-key");
        return new WorkerHttpRequest<>(
                URI.create("http://localhost:7071" + path), method, withKey, Map.of(), Optional.ofNullable(body));
    }
}
