package dev.fleetops.functions.support;

import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatus;
import com.microsoft.azure.functions.HttpStatusType;
import dev.fleetops.standins.http.WorkerHttpRequest;
import dev.fleetops.testkit.http.TestHttpRequest;
import java.net.URI;
import java.util.Map;
import java.util.Optional;

/**
 * The worker's request ({@link TestHttpRequest}) whose reads of body, headers or query hit one fault, and
 * whose response builder another.
 */
public final class FaultingHttpRequest implements HttpRequestMessage<Optional<String>> {
    private final WorkerHttpRequest<Optional<String>> request;
    private final OneFault onRead;
    private final OneFault onRespond;

    public FaultingHttpRequest(HttpMethod method, String path, String body, OneFault onRead, OneFault onRespond) {
        this.request = TestHttpRequest.request(method, path, Map.of("content-type", "application/json"), body);
        this.onRead = onRead;
        this.onRespond = onRespond;
    }

    @Override
    public URI getUri() {
        return request.getUri();
    }

    @Override
    public HttpMethod getHttpMethod() {
        return request.getHttpMethod();
    }

    @Override
    public Map<String, String> getHeaders() {
        onRead.at("getHeaders()");
        return request.getHeaders();
    }

    @Override
    public Map<String, String> getQueryParameters() {
        onRead.at("getQueryParameters()");
        return request.getQueryParameters();
    }

    @Override
    public Optional<String> getBody() {
        onRead.at("getBody()");
        return request.getBody();
    }

    @Override
    public HttpResponseMessage.Builder createResponseBuilder(HttpStatus status) {
        onRespond.at("createResponseBuilder()");
        return request.createResponseBuilder(status);
    }

    @Override
    public HttpResponseMessage.Builder createResponseBuilder(HttpStatusType status) {
        onRespond.at("createResponseBuilder()");
        return request.createResponseBuilder(status);
    }
}
