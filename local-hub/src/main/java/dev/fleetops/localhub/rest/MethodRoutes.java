package dev.fleetops.localhub.rest;

import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import dev.fleetops.localhub.errors.ErrorCodes;
import dev.fleetops.localhub.errors.HubException;
import dev.fleetops.localhub.hub.Hub;
import dev.fleetops.localhub.hub.MethodResult;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;

/** {@code POST /twins/{id}/methods}: invoke a direct method and wait for the device's answer. */
final class MethodRoutes {
    static final int MAX_PAYLOAD_BYTES = 128 * 1024;
    /**
     * Printable US-ASCII without the characters IoT Hub forbids in method names, and without MQTT's
     * wildcards {@code +} and {@code #}, which would make a request topic devices cannot parse.
     */
    private static final Pattern METHOD_NAME = Pattern.compile("[!%&'*\\-.0-9A-Z^_`a-z|~]{1,128}");

    private final Hub hub;

    MethodRoutes(Hub hub) {
        this.hub = hub;
    }

    CompletableFuture<RestResponse> invoke(String deviceId, RestRequest r) {
        JsonObject body = Bodies.object(r);
        String name = Bodies.string(body, "methodName");
        if (name == null || !METHOD_NAME.matcher(name).matches()) {
            throw new HubException(
                    ErrorCodes.ARGUMENT_INVALID,
                    "methodName is missing or contains characters IoT Hub does not allow.");
        }
        int responseTimeout = Bodies.integer(body, "responseTimeoutInSeconds", 30, 5, 300);
        int connectTimeout = Bodies.integer(body, "connectTimeoutInSeconds", 0, 0, 300);
        JsonElement payload = body.has("payload") ? body.get("payload") : JsonNull.INSTANCE;
        byte[] payloadBytes = payload.toString().getBytes(StandardCharsets.UTF_8);
        if (payloadBytes.length > MAX_PAYLOAD_BYTES) {
            throw new HubException(ErrorCodes.MESSAGE_TOO_LARGE, "The method payload exceeds 128 KB.");
        }
        return hub.invokeMethod(
                        deviceId,
                        name,
                        payloadBytes,
                        Duration.ofSeconds(responseTimeout),
                        Duration.ofSeconds(connectTimeout))
                .thenApply(MethodRoutes::answer);
    }

    private static RestResponse answer(MethodResult result) {
        JsonObject out = new JsonObject();
        out.addProperty("status", result.status());
        out.add("payload", payload(result.payload()));
        return RestResponse.json(200, out);
    }

    /** The device's payload as JSON; a device that sent something else gets it passed on as a string. */
    private static JsonElement payload(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        if (text.isBlank()) {
            return JsonNull.INSTANCE;
        }
        try {
            return JsonParser.parseString(text);
        } catch (RuntimeException e) {
            return new JsonPrimitive(text);
        }
    }
}
