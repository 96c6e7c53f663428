package dev.fleetops.core.hub;

import java.time.Duration;
import java.util.Objects;

/**
 * A call to IoT Hub that did not get an answer from the device or twin: the hub said no, or could not
 * be reached. Adapters translate SDK exceptions into this one type, so decisions never see SDK types.
 *
 * @param kind       what a caller can do about it
 * @param httpStatus the hub's HTTP status, or 0 when there was no HTTP answer
 * @param errorCode  the hub's numeric error code (e.g. 404103), or 0 when unknown
 * @param message    the hub's message, safe to show an operator
 * @param retryAfter how long to wait before retrying, or null when unknown
 */
public record HubFailure(Kind kind, int httpStatus, int errorCode, String message, Duration retryAfter)
        implements MethodCallResult, TwinLookup {

    public enum Kind {
        /** The device is not registered (404001). */
        DEVICE_NOT_FOUND,
        /** The device is registered but not connected, or has no method handler (404103). */
        DEVICE_OFFLINE,
        /** The device did not answer within the response timeout (504101). */
        DEVICE_TIMEOUT,
        /** The hub throttled the call (429). */
        THROTTLED,
        /** The hub refused the back-end's credentials (401/403). */
        UNAUTHORIZED,
        /** The hub could not be reached or failed (5xx, network, client timeout). */
        UNAVAILABLE,
        /** Anything else the hub rejected. */
        OTHER
    }

    public HubFailure {
        Objects.requireNonNull(kind, "'kind' cannot be null.");
        message = message == null ? "" : message;
    }

    public static HubFailure of(Kind kind, String message) {
        return new HubFailure(kind, 0, 0, message, null);
    }
}
