package dev.fleetops.functions.support;

import com.google.gson.JsonObject;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatusType;
import dev.fleetops.contract.StrictJson;
import java.util.Map;
import java.util.TreeMap;

/** The response the function built, with helpers to read it as a portal would. */
public record TestHttpResponse(HttpStatusType status, Map<String, String> headers, Object body) implements HttpResponseMessage {

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

    public static TestHttpResponse of(HttpResponseMessage m) {
        return (TestHttpResponse) m;
    }

    public int code() {
        return status.value();
    }

    public JsonObject json() {
        return StrictJson.parseObject((String) body);
    }

    static final class Builder implements HttpResponseMessage.Builder {
        private HttpStatusType status;
        private final Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        private Object body;

        Builder(HttpStatusType status) {
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
            return new TestHttpResponse(status, headers, body);
        }
    }
}
