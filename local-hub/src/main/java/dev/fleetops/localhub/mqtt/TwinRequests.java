package dev.fleetops.localhub.mqtt;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import dev.fleetops.localhub.errors.ErrorCodes;
import dev.fleetops.localhub.errors.HubException;
import dev.fleetops.localhub.hub.Hub;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Twin GET and reported PATCH over MQTT. Responses go to {@code $iothub/twin/res/{status}/?$rid={rid}[&$version={v}]}:
 * the Java SDK parses that topic positionally ($rid first, $version last) and needs a non-empty JSON
 * body on every GET response, errors included, or it waits until its timeout.
 */
final class TwinRequests {
    private static final Logger LOG = LoggerFactory.getLogger(TwinRequests.class);
    private static final byte[] EMPTY = new byte[0];

    private final Hub hub;

    TwinRequests(Hub hub) {
        this.hub = hub;
    }

    PublishOutcome get(String deviceId, RequestQuery q) {
        try {
            hub.gate().deviceCall(dev.fleetops.localhub.hub.HubGate.Operation.TWIN_READ, deviceId);
            return reply(200, q, null, bytes(hub.twinProperties(deviceId)));
        } catch (RuntimeException e) {
            return error(deviceId, q, e);
        }
    }

    PublishOutcome patchReported(String deviceId, RequestQuery q, byte[] body) {
        try {
            hub.gate().deviceCall(dev.fleetops.localhub.hub.HubGate.Operation.TWIN_UPDATE, deviceId);
            Long expected = q.version() == null ? null : parseVersion(q.version());
            long version = hub.patchReported(deviceId, parseObject(body), expected);
            return reply(204, q, "&$version=" + version, EMPTY);
        } catch (RuntimeException e) {
            return error(deviceId, q, e);
        }
    }

    private static JsonObject parseObject(byte[] body) {
        try {
            JsonElement e = JsonParser.parseString(new String(body, StandardCharsets.UTF_8));
            if (e.isJsonObject()) {
                return e.getAsJsonObject();
            }
        } catch (JsonParseException | IllegalStateException e) {
            // reported below as a 400 like any other non-object body
        }
        throw new HubException(ErrorCodes.ARGUMENT_INVALID, "the reported properties patch must be a JSON object");
    }

    private static Long parseVersion(String v) {
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new HubException(ErrorCodes.ARGUMENT_INVALID, "$version must be an integer");
        }
    }

    private PublishOutcome error(String deviceId, RequestQuery q, RuntimeException e) {
        HubException he = e instanceof HubException h && h.status() >= 100 && h.status() <= 999 ? h : null;
        if (he == null) {
            LOG.warn("twin request of {} failed", deviceId, e);
            he = new HubException(ErrorCodes.SERVER_ERROR, "internal error");
        }
        JsonObject body = new JsonObject();
        body.addProperty("errorCode", he.errorCode());
        body.addProperty("message", he.getMessage());
        return reply(he.status(), q, null, bytes(body));
    }

    private static PublishOutcome reply(int status, RequestQuery q, String suffix, byte[] body) {
        String topic = "$iothub/twin/res/" + status + "/?$rid=" + q.requestId() + (suffix == null ? "" : suffix);
        return new PublishOutcome.Reply(topic, body);
    }

    private static byte[] bytes(JsonObject o) {
        return o.toString().getBytes(StandardCharsets.UTF_8);
    }
}
