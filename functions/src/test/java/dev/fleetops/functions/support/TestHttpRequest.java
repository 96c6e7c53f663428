package dev.fleetops.functions.support;

import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatus;
import com.microsoft.azure.functions.HttpStatusType;
import java.net.URI;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A real {@link HttpRequestMessage} with the builder contract the Functions host implements, so tests
 * drive function entry points exactly as the worker does.
 */
public final class TestHttpRequest implements HttpRequestMessage<Optional<String>> {
    private final HttpMethod method;
    private final URI uri;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private final Map<String, String> query = new HashMap<>();
    private final String body;

    private TestHttpRequest(HttpMethod method, String path, String body) {
        this.method = method;
        this.uri = URI.create("http://localhost:7071" + path);
        this.body = body;
        // Every FleetOps route but the anonymous one is authLevel function: the host let this request in with a key.
        headers.put("x-functions-key", "test-key");
    }

    public static TestHttpRequest post(String path, String jsonBody) {
        TestHttpRequest r = new TestHttpRequest(HttpMethod.POST, path, jsonBody);
        if (jsonBody != null) {
            r.headers.put("content-type", "application/json");
        }
        return r;
    }

    public static TestHttpRequest get(String path) {
        return new TestHttpRequest(HttpMethod.GET, path, null);
    }

    public TestHttpRequest header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    public TestHttpRequest query(String name, String value) {
        query.put(name, value);
        return this;
    }

    @Override
    public URI getUri() {
        return uri;
    }

    @Override
    public HttpMethod getHttpMethod() {
        return method;
    }

    @Override
    public Map<String, String> getHeaders() {
        return headers;
    }

    @Override
    public Map<String, String> getQueryParameters() {
        return query;
    }

    @Override
    public Optional<String> getBody() {
        return Optional.ofNullable(body);
    }

    @Override
    public HttpResponseMessage.Builder createResponseBuilder(HttpStatus status) {
        return new TestHttpResponse.Builder(status);
    }

    @Override
    public HttpResponseMessage.Builder createResponseBuilder(HttpStatusType status) {
        return new TestHttpResponse.Builder(status);
    }
}
