package dev.fleetops.localhub.mqtt;

/** Names of the pipeline stages, in pipeline order, so later stages (WebSocket, C2D) can be placed relative to them. */
public final class MqttStages {
    /** TLS, added by {@link MqttServer} only; a WebSocket listener has its own framing before the MQTT stages. */
    public static final String TLS = "tls";

    public static final String DECODER = "mqttDecoder";
    /** Added after CONNECT when the device asks for a keep-alive. */
    public static final String KEEP_ALIVE = "keepAlive";

    public static final String ENCODER = "mqttEncoder";
    public static final String MALFORMED = "malformedPackets";
    public static final String CONNECT = "connect";
    public static final String SUBSCRIPTIONS = "subscriptions";
    public static final String PUBLISH = "publish";
    public static final String CONTROL = "control";

    private MqttStages() {}
}
