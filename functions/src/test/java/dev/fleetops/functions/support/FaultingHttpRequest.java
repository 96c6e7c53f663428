package dev.fleetops.functions.support;

import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatus;
import com.microsoft.azure.functions.HttpStatusType;
import java.net.URI;
import java.util.Map;
import java.util.Optional;

/** A request whose reads of body, headers or query hit one fault, and whose response builder another. */
public final class FaultingHttpRequest implements HttpRequestMessage<Optional<String>> {
    private final HttpMethod method;
    private final URI uri;
    private final String body;
    private final OneFault onRead;
    private final OneFault onRespond;

    public FaultingHttpRequest(HttpMethod method, String path, String body, OneFault onRead, OneFault onRespond) {
        this.method = method;
        this.uri = URI.create("http://localhost:7071" + path);
        this.body = body;
        this.onRead = onRead;
        this.onRespond = onRespond;
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
        onRead.at("getHeaders()");
        return Map.of("content-type", "application/json");
    }

    @Override
    public Map<String, String> getQueryParameters() {
        onRead.at("getQueryParameters()");
        return Map.of();
    }

    @Override
    public Optional<String> getBody() {
        onRead.at("getBody()");
        return Optional.ofNullable(body);
    }

    @Override
    public HttpResponseMessage.Builder createResponseBuilder(HttpStatus status) {
        onRespond.at("createResponseBuilder()");
        return new TestHttpResponse.Builder(status);
    }

    @Override
    public HttpResponseMessage.Builder createResponseBuilder(HttpStatusType status) {
        onRespond.at("createResponseBuilder()");
        return new TestHttpResponse.Builder(status);
    }
}
