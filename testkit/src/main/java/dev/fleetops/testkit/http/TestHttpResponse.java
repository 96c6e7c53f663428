package dev.fleetops.testkit.http;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatusType;
import dev.fleetops.standins.http.WorkerHttpResponse;
import java.io.IOException;
import java.io.StringReader;
import java.util.Map;

/**
 * What a function answered, read as a portal would: the {@link WorkerHttpResponse} its request's builder
 * made (headers by the exact name the function gave, as on the worker), its status code and its body as
 * strictly parsed JSON.
 */
public record TestHttpResponse(HttpStatusType status, Map<String, String> headers, Object body) {

    public static TestHttpResponse of(HttpResponseMessage m) {
        WorkerHttpResponse r = (WorkerHttpResponse) m;
        return new TestHttpResponse(r.status(), r.headers(), r.body());
    }

    public int code() {
        return status.value();
    }

    public String getHeader(String name) {
        return headers.get(name);
    }

    public Object getBody() {
        return body;
    }

    /** The {@code field} the first entry of a problem body's {@code errors} names (RFC 9457 with FleetOps' errors list). */
    public String firstErrorField() {
        return json().getAsJsonArray("errors")
                .get(0)
                .getAsJsonObject()
                .get("field")
                .getAsString();
    }

    /** The body as a JSON object; fails on anything but one strictly valid JSON object. */
    public JsonObject json() {
        try (JsonReader reader = new JsonReader(new StringReader((String) body))) {
            reader.setStrictness(Strictness.STRICT);
            JsonElement value = JsonParser.parseReader(reader);
            if (reader.peek() != JsonToken.END_DOCUMENT) {
                throw new AssertionError("data after the JSON value: " + body);
            }
            return value.getAsJsonObject();
        } catch (IOException e) {
            throw new AssertionError("unreadable body: " + body, e);
        }
    }
}
