package dev.fleetops.functions.iothub;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubBadGatewayException;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubException;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubGatewayTimeoutException;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubInternalServerErrorException;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubNotFoundException;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubServerBusyException;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubTooManyRequestsException;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubUnauthorizedException;
import dev.fleetops.core.hub.HubFailure;
import dev.fleetops.core.hub.HubFailure.Kind;
import java.io.IOException;

/**
 * Translates iot-service-client exceptions into {@link HubFailure}s. The SDK picks the exception
 * class from the HTTP status alone, so the hub's numeric error code decides the finer cases
 * (404001 unknown device versus 404103 offline device).
 */
public final class IotHubErrors {
    public static final int DEVICE_NOT_FOUND = 404001;
    public static final int DEVICE_NOT_ONLINE = 404103;
    public static final int GATEWAY_TIMEOUT = 504101;
    private static final int MAX_MESSAGE = 300;

    private IotHubErrors() {}

    public static HubFailure translate(Exception e) {
        if (e instanceof IotHubException hub) {
            return translateHub(hub);
        }
        if (e instanceof IOException) {
            return new HubFailure(
                    Kind.UNAVAILABLE,
                    0,
                    0,
                    "could not reach the IoT hub: " + e.getClass().getSimpleName(),
                    null);
        }
        // The SDK throws IllegalArgumentException when a 2xx answer does not parse.
        return new HubFailure(Kind.OTHER, 0, 0, "unexpected answer from the IoT hub: " + shorten(e.getMessage()), null);
    }

    private static HubFailure translateHub(IotHubException e) {
        int code = e.getErrorCode();
        String message = hubMessage(e.getMessage());
        Kind kind;
        int status;
        if (e instanceof IotHubNotFoundException) {
            status = 404;
            kind = code == DEVICE_NOT_ONLINE ? Kind.DEVICE_OFFLINE : Kind.DEVICE_NOT_FOUND;
        } else if (e instanceof IotHubGatewayTimeoutException) {
            status = 504;
            kind = Kind.DEVICE_TIMEOUT;
        } else if (e instanceof IotHubTooManyRequestsException) {
            status = 429;
            kind = Kind.THROTTLED;
        } else if (e instanceof IotHubUnauthorizedException) {
            status = 401;
            kind = Kind.UNAUTHORIZED;
        } else if (e instanceof IotHubServerBusyException
                || e instanceof IotHubInternalServerErrorException
                || e instanceof IotHubBadGatewayException) {
            status = code >= 100_000 ? code / 1000 : 503;
            kind = Kind.UNAVAILABLE;
        } else {
            status = code >= 100_000 ? code / 1000 : (code >= 100 && code < 600 ? code : 0);
            kind = status == 429 ? Kind.THROTTLED : Kind.OTHER;
        }
        return new HubFailure(kind, status, code, message, null);
    }

    /** The SDK's message is the hub's error body; keep only its human-readable part. */
    static String hubMessage(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        try {
            JsonElement e = JsonParser.parseString(body);
            if (e instanceof JsonObject o) {
                for (String key : new String[] {"message", "Message"}) {
                    if (o.has(key) && o.get(key).isJsonPrimitive()) {
                        return shorten(o.get(key).getAsString());
                    }
                }
            }
        } catch (RuntimeException notJson) {
            // fall through: plain text bodies are used as they are
        }
        return shorten(body);
    }

    private static String shorten(String s) {
        if (s == null) {
            return "";
        }
        return s.length() > MAX_MESSAGE ? s.substring(0, MAX_MESSAGE) + "…" : s;
    }
}
