package dev.fleetops.runner.http;

import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatus;
import com.microsoft.azure.functions.HttpStatusType;
import java.net.URI;
import java.util.Map;

/**
 * The request a function receives, shaped like the Java worker's ({@code binding/RpcHttpRequestDataSource}):
 * header names in lower case (look them up in lower case, as in Azure), the query as the host flattens it
 * ({@link QueryString#forFunction}), {@code T} usually {@code Optional<String>}.
 */
public record LocalHttpRequest<T>(URI uri, HttpMethod method, Map<String, String> headers,
                                  Map<String, String> query, T body) implements HttpRequestMessage<T> {

    public LocalHttpRequest {
        headers = Map.copyOf(headers);
        query = Map.copyOf(query);
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
        return new LocalHttpResponse.Builder(status);
    }

    @Override
    public HttpResponseMessage.Builder createResponseBuilder(HttpStatusType status) {
        return new LocalHttpResponse.Builder(status);
    }
}
