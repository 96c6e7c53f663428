package dev.fleetops.core.event;

import java.time.Instant;

/** Port: where events go that a target would not take (Blob Storage: one blob per event and target). */
public interface DeadLetters {
    void write(DeadLetter letter);

    /**
     * @param reason why delivery stopped (attempts used up, or too old), with the last error
     */
    record DeadLetter(String targetKey, String url, FleetEvent event, int attempts, String reason, Instant at) {}
}
