package dev.fleetops.localhub.mqtt;

/**
 * Sessions by client id. Shared by every listener that speaks MQTT (TCP and, later, WebSocket), so a
 * device keeps its subscriptions whichever way it reconnects.
 */
public interface SessionStore {
    /** A connection's session and whether it was resumed (the CONNACK sessionPresent flag). */
    record Opened(Session session, boolean present) {}

    /**
     * Starts the session of a connection that was just accepted. With {@code cleanSession} any stored
     * session is discarded and a fresh one is returned that is never stored; otherwise the stored
     * session is returned, created if needed.
     */
    Opened open(String clientId, boolean cleanSession);

    /** Forgets a client id's session, e.g. when its device is deleted. */
    void discard(String clientId);
}
