package dev.fleetops.localhub.mqtt;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Sessions kept for the life of the process (IoT Hub keeps them much longer; an emulator restart is a fresh hub). */
public final class InMemorySessionStore implements SessionStore {
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();

    @Override
    public Opened open(String clientId, boolean cleanSession) {
        if (cleanSession) {
            sessions.remove(clientId);
            return new Opened(new Session(clientId), false);
        }
        boolean[] created = {false};
        Session s = sessions.computeIfAbsent(clientId, id -> {
            created[0] = true;
            return new Session(id);
        });
        return new Opened(s, !created[0]);
    }

    @Override
    public void discard(String clientId) {
        sessions.remove(clientId);
    }
}
