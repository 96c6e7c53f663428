package dev.fleetops.localhub.rest;

import com.google.gson.JsonObject;
import dev.fleetops.localhub.hub.Hub;
import dev.fleetops.localhub.hub.IfMatch;

/**
 * {@code /twins/{id}}: read, patch (also POST with X-HTTP-Method-Override) and replace. A write with If-Match is
 * checked by {@link IfMatch#checkTwin}; every answer carries the twin etag as an {@code ETag} header.
 */
final class TwinRoutes {
    private final Hub hub;

    TwinRoutes(Hub hub) {
        this.hub = hub;
    }

    RestResponse get(String deviceId) {
        return withEtag(hub.twin(deviceId));
    }

    /** Merges tags and desired properties; null leaves delete; read-only top-level fields are ignored. */
    RestResponse patch(String deviceId, RestRequest r) {
        JsonObject body = Bodies.object(r);
        JsonObject props = Bodies.childObject(body, "properties");
        return withEtag(hub.updateTwin(
                deviceId,
                Bodies.childObject(body, "tags"),
                Bodies.childObject(props, "desired"),
                IfMatch.parse(r.header("if-match")),
                false));
    }

    /** Replaces tags and desired properties wholesale. */
    RestResponse replace(String deviceId, RestRequest r) {
        JsonObject body = Bodies.object(r);
        JsonObject props = Bodies.childObject(body, "properties");
        JsonObject tags = Bodies.childObject(body, "tags");
        JsonObject desired = Bodies.childObject(props, "desired");
        return withEtag(hub.updateTwin(
                deviceId,
                tags == null ? new JsonObject() : tags,
                desired == null ? new JsonObject() : desired,
                IfMatch.parse(r.header("if-match")),
                true));
    }

    private static RestResponse withEtag(JsonObject twin) {
        return RestResponse.json(200, twin).withEtag(twin.get("etag").getAsString());
    }
}
