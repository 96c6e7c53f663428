package dev.fleetops.localhub.rest;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.fleetops.localhub.hub.HubGate.Operation;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Which throttled operation class a service request belongs to, with its device and method payload size. */
record ServiceOperations(Operation operation, String deviceId, long payloadBytes) {
    private static final Pattern TWIN = Pattern.compile("/twins/([^/]+)");
    private static final Pattern METHODS = Pattern.compile("/twins/([^/]+)/methods");
    private static final Pattern DEVICE = Pattern.compile("/devices/([^/]+)");

    static ServiceOperations classify(RestRequest r) {
        String path = r.path();
        String method = r.method();
        Matcher m;
        if (path.equals("/devices/query") && method.equals("POST")) {
            return new ServiceOperations(Operation.QUERY, null, 0);
        }
        if ((m = METHODS.matcher(path)).matches() && method.equals("POST")) {
            return new ServiceOperations(Operation.METHOD, m.group(1), methodPayloadBytes(r));
        }
        if ((m = TWIN.matcher(path)).matches()) {
            return new ServiceOperations(
                    method.equals("GET") ? Operation.TWIN_READ : Operation.TWIN_UPDATE, m.group(1), 0);
        }
        if ((m = DEVICE.matcher(path)).matches() && !path.equals("/devices/query")) {
            return new ServiceOperations(Operation.REGISTRY, m.group(1), 0);
        }
        if (path.startsWith("/jobs/v2/")) {
            return new ServiceOperations(Operation.JOB, null, 0);
        }
        return new ServiceOperations(Operation.OTHER, null, 0);
    }

    /** The size of the request's {@code payload} as JSON text (what the 4 KB meter counts); the body size if unparsable. */
    private static long methodPayloadBytes(RestRequest r) {
        try {
            JsonElement body = JsonParser.parseString(r.bodyText());
            if (body.isJsonObject()) {
                JsonObject o = body.getAsJsonObject();
                return o.has("payload") ? o.get("payload").toString().getBytes(StandardCharsets.UTF_8).length : 0;
            }
        } catch (RuntimeException e) {
            // the route answers 400; meter the raw body meanwhile
        }
        return r.body().length;
    }
}
