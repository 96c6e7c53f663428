package dev.fleetops.standins.http;

import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatus;
import com.microsoft.azure.functions.HttpStatusType;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The request a function receives, shaped like the Java worker's ({@code binding/RpcHttpRequestDataSource}):
 * header names as the host passed them (the host lower-cases them, so look them up in lower case, as in
 * Azure), the query as the host flattens it, {@code T} usually {@code Optional<String>}. The local runner
 * builds one per call; tests build them to call function entry points exactly as the worker does.
 */
public record WorkerHttpRequest<T>(
        URI uri, HttpMethod method, Map<String, String> headers, Map<String, String> query, T body)
        implements HttpRequestMessage<T> {

    public WorkerHttpRequest {
        headers = Map.copyOf(headers);
        query = Map.copyOf(query);
    }

    /** This request with header {@code name} set to {@code value} (replacing one of the same name). */
    public WorkerHttpRequest<T> withHeader(String name, String value) {
        return new WorkerHttpRequest<>(uri, method, with(headers, name, value), query, body);
    }

    /** This request with query parameter {@code name} set to {@code value}. */
    public WorkerHttpRequest<T> withQuery(String name, String value) {
        return new WorkerHttpRequest<>(uri, method, headers, with(query, name, value), body);
    }

    /** This request with exactly these headers. */
    public WorkerHttpRequest<T> withHeaders(Map<String, String> replaced) {
        return new WorkerHttpRequest<>(uri, method, replaced, query, body);
    }

    private static Map<String, String> with(Map<String, String> map, String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(map);
        copy.put(name, value);
        return copy;
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
    public T getBody() {
        return body;
    }

    @Override
    public HttpResponseMessage.Builder createResponseBuilder(HttpStatus status) {
        return new WorkerHttpResponse.Builder(status);
    }

    @Override
    public HttpResponseMessage.Builder createResponseBuilder(HttpStatusType status) {
        return new WorkerHttpResponse.Builder(status);
    }
}
