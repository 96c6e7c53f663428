package dev.fleetops.core.timeline;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * The sort key of a timeline entry and the continuation token of a page, the same for every store.
 *
 * <p>Key: {@code <19 digits: Long.MAX_VALUE − microseconds since the epoch>-<19 digits: Long.MAX_VALUE − a sequence>-<8
 * hex digits>}. Keys sort newest first in string order (Table Storage returns rows in RowKey order only); the sequence
 * grows with every key this process makes, so entries of one microsecond (a test clock, or a dispatch and its answer
 * saved in the same instant) keep the order they were written in; the random tail keeps two processes' keys of one
 * microsecond apart, so neither overwrites the other.
 */
public final class TimelineKeys {
    static final String KEY_PATTERN = "[0-9]{19}-[0-9]{19}-[0-9a-f]{8}";
    private static final Pattern KEY = Pattern.compile(KEY_PATTERN);
    private static final AtomicLong SEQUENCE = new AtomicLong();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int TOKEN_VERSION = 1;
    /** A token is base64 of a short text; anything longer was not issued here. */
    public static final int MAX_TOKEN = 512;

    private TimelineKeys() {}

    /** A new key for an entry at {@code at}, sorting before (newer than) every earlier key of this process at that time. */
    public static String key(Instant at) {
        byte[] tail = new byte[4];
        RANDOM.nextBytes(tail);
        return timePrefix(at) + "-"
                + String.format(java.util.Locale.ROOT, "%019d", Long.MAX_VALUE - SEQUENCE.incrementAndGet()) + "-"
                + HexFormat.of().formatHex(tail);
    }

    /**
     * The 19-digit time part of keys at {@code at}; every key at {@code at} or earlier sorts at or after it, so
     * "not older than {@code at}" is "key less than {@code timePrefix(at) + "."}".
     */
    public static String timePrefix(Instant at) {
        // Clamped at the epoch: a bound computed from an old time (now − retention) must not overflow the complement.
        long micros = Math.max(0, Math.multiplyExact(at.getEpochSecond(), 1_000_000L) + at.getNano() / 1_000);
        return String.format(java.util.Locale.ROOT, "%019d", Long.MAX_VALUE - micros);
    }

    /** The smallest key of an entry older than {@code at}'s microsecond ('.' sorts after '-'). */
    public static String olderThan(Instant at) {
        return timePrefix(at) + ".";
    }

    /** A token resuming after {@code lastKey} in {@code deviceId}'s timeline. */
    public static String token(String deviceId, String lastKey) {
        String text = TOKEN_VERSION + "\n" + lastKey + "\n" + deviceId;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The key a token resumes after.
     *
     * @throws IllegalArgumentException unless the token is one {@link #token} gave for {@code deviceId}
     */
    public static String resumeAfter(String deviceId, String token) {
        if (token != null && token.length() <= MAX_TOKEN) {
            try {
                String[] parts =
                        new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8).split("\n", 3);
                if (parts.length == 3
                        && parts[0].equals(Integer.toString(TOKEN_VERSION))
                        && KEY.matcher(parts[1]).matches()
                        && parts[2].equals(deviceId)) {
                    return parts[1];
                }
            } catch (IllegalArgumentException e) {
                // not base64: fall through
            }
        }
        throw new IllegalArgumentException("'continuationToken' is not a token of this device's timeline.");
    }
}
