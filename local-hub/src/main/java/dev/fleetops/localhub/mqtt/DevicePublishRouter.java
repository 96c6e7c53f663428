package dev.fleetops.localhub.mqtt;

import dev.fleetops.localhub.hub.Hub;
import java.util.regex.Pattern;

/**
 * Routes a device's PUBLISH by topic, as IoT Hub does: a device may publish only telemetry on its own
 * topic, twin requests and method responses; anything else is a violation that closes the connection.
 */
final class DevicePublishRouter {
    private static final String TWIN_GET = "$iothub/twin/GET/";
    private static final String TWIN_PATCH_REPORTED = "$iothub/twin/PATCH/properties/reported/";
    private static final String METHOD_RESPONSE = "$iothub/methods/res/";
    private static final Pattern STATUS = Pattern.compile("\\d{3}");

    private final Hub hub;
    private final MqttLimits limits;
    private final TwinRequests twin;

    DevicePublishRouter(Hub hub, MqttLimits limits) {
        this.hub = hub;
        this.limits = limits;
        this.twin = new TwinRequests(hub);
    }

    PublishOutcome route(String deviceId, String topic, byte[] payload) {
        if (topic.length() > limits.maxTopicLength()) {
            return new PublishOutcome.Refused("topic longer than " + limits.maxTopicLength() + " characters");
        }
        String events = "devices/" + deviceId + "/messages/events";
        if (topic.equals(events) || topic.startsWith(events + "/")) {
            hub.acceptTelemetry(
                    deviceId,
                    PropertyBag.parse(topic.substring(Math.min(topic.length(), events.length() + 1))),
                    payload);
            return PublishOutcome.DONE;
        }
        if (topic.startsWith(TWIN_GET)) {
            RequestQuery q = query(topic.substring(TWIN_GET.length()));
            return q == null ? badRequestId(topic) : twin.get(deviceId, q);
        }
        if (topic.startsWith(TWIN_PATCH_REPORTED)) {
            RequestQuery q = query(topic.substring(TWIN_PATCH_REPORTED.length()));
            return q == null ? badRequestId(topic) : twin.patchReported(deviceId, q, payload);
        }
        if (topic.startsWith(METHOD_RESPONSE)) {
            return methodResponse(deviceId, topic, payload);
        }
        return new PublishOutcome.Refused("publish to a topic the device may not use: " + LogText.safe(topic));
    }

    /** {@code $iothub/methods/res/{status}/?$rid={rid}}, body ≤ 128 KiB. */
    private PublishOutcome methodResponse(String deviceId, String topic, byte[] payload) {
        String rest = topic.substring(METHOD_RESPONSE.length());
        int slash = rest.indexOf('/');
        if (slash < 0 || !STATUS.matcher(rest.substring(0, slash)).matches()) {
            return new PublishOutcome.Refused("method response status is not 3 digits: " + LogText.safe(topic));
        }
        RequestQuery q = query(rest.substring(slash + 1));
        if (q == null) {
            return badRequestId(topic);
        }
        if (payload.length > limits.maxMethodPayloadBytes()) {
            return new PublishOutcome.Refused(
                    "method response larger than " + limits.maxMethodPayloadBytes() + " bytes");
        }
        hub.methodResponse(deviceId, q.requestId(), Integer.parseInt(rest.substring(0, slash)), payload);
        return PublishOutcome.DONE;
    }

    private RequestQuery query(String text) {
        return RequestQuery.parse(text, limits.maxRequestIdLength());
    }

    private static PublishOutcome badRequestId(String topic) {
        return new PublishOutcome.Refused("missing or invalid $rid: " + LogText.safe(topic));
    }
}
