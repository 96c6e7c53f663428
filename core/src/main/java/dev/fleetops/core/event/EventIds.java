package dev.fleetops.core.event;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Event ids derived from what the event is about, never drawn at random: (operation, attempt, device, type) plus, for
 * an event that can happen more than once for the same four (a wave opening, a pause, a resume), what tells the
 * occurrences apart. An outcome recorded twice (a decision made again after a crash), sent twice or redelivered thus
 * has one id, and a consumer de-duplicates on it.
 */
public final class EventIds {
    private EventIds() {}

    /**
     * @param deviceId      null for operation events
     * @param discriminator what tells repeated occurrences apart ("" when the event happens once)
     * @return {@code evt_} and 32 hex digits of SHA-256 over the parts
     */
    public static String of(String operationId, int attempt, String deviceId, EventType type, String discriminator) {
        String key = String.join(
                "\n",
                operationId,
                Integer.toString(attempt),
                deviceId == null ? "" : deviceId,
                type.wireName(),
                discriminator == null ? "" : discriminator);
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return "evt_" + HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
