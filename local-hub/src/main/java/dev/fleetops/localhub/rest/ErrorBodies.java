package dev.fleetops.localhub.rest;

import com.google.gson.JsonObject;
import dev.fleetops.localhub.errors.HubException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.UUID;

/**
 * Error responses in IoT Hub's current format. The service SDK reads the numeric {@code errorCode}
 * and picks its exception class from the HTTP status.
 */
public final class ErrorBodies {
    private static final DateTimeFormatter TRACKING_TIME =
            DateTimeFormatter.ofPattern("MM/dd/yyyy HH:mm:ss").withZone(ZoneOffset.UTC);

    private ErrorBodies() {}

    public static RestResponse of(HubException e) {
        return of(e.status(), e.errorCode(), e.getMessage());
    }

    public static RestResponse of(int status, int errorCode, String message) {
        Instant now = Instant.now();
        JsonObject body = new JsonObject();
        body.addProperty("errorCode", errorCode);
        body.addProperty(
                "trackingId",
                UUID.randomUUID().toString().replace("-", "") + "-G:0-TimeStamp:" + TRACKING_TIME.format(now));
        body.addProperty("message", message);
        body.add("info", new JsonObject());
        body.addProperty("timestampUtc", now.toString());
        return RestResponse.json(status, body);
    }
}
