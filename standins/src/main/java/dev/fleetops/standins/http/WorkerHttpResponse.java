package dev.fleetops.standins.http;

import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatusType;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What {@link WorkerHttpRequest#createResponseBuilder} builds, like the worker's {@code binding/RpcHttpDataTarget}:
 * status, headers by the exact name given ({@code getHeader("content-type")} does not find {@code Content-Type}),
 * and the body object, which the host converts when it writes the response (the local runner's
 * {@code HostResponse}).
 */
public record WorkerHttpResponse(HttpStatusType status, Map<String, String> headers, Object body)
        implements HttpResponseMessage {

    @Override
    public HttpStatusType getStatus() {
        return status;
    }

    @Override
    public String getHeader(String key) {
        return headers.get(key);
    }

    @Override
    public Object getBody() {
        return body;
    }

    /** Not thread-safe; one per response, like the worker's. */
    public static final class Builder implements HttpResponseMessage.Builder {
        private HttpStatusType status;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private Object body;

        public Builder(HttpStatusType status) {
            this.status = status;
        }

        @Override
        public HttpResponseMessage.Builder status(HttpStatusType status) {
            this.status = status;
            return this;
        }

        @Override
        public HttpResponseMessage.Builder header(String key, String value) {
            headers.put(key, value);
            return this;
        }

        @Override
        public HttpResponseMessage.Builder body(Object body) {
            this.body = body;
            return this;
        }

        @Override
        public HttpResponseMessage build() {
            return new WorkerHttpResponse(status, Collections.unmodifiableMap(new LinkedHashMap<>(headers)), body);
        }
    }
}
