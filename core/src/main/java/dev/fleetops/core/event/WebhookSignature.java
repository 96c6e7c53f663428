package dev.fleetops.core.event;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signatures of the Standard Webhooks specification (github.com/standard-webhooks/standard-webhooks, spec/standard-webhooks.md):
 * the secret is {@code whsec_} and base64 of random bytes; the signature is {@code v1,} and base64 of HMAC-SHA256,
 * keyed with those bytes, over {@code <webhook-id>.<webhook-timestamp>.<body>}; headers {@code webhook-id},
 * {@code webhook-timestamp} (Unix seconds) and {@code webhook-signature}.
 */
public final class WebhookSignature {
    public static final String PREFIX = "whsec_";
    public static final String ID = "webhook-id";
    public static final String TIMESTAMP = "webhook-timestamp";
    public static final String SIGNATURE = "webhook-signature";
    /** How far a receiver accepts a timestamp from its own clock (the spec's recommendation). */
    public static final long TOLERANCE_SECONDS = 300;

    private WebhookSignature() {}

    /** A new secret: 32 random bytes (the spec asks for 24 to 64). */
    public static String newSecret(SecureRandom random) {
        byte[] key = new byte[32];
        random.nextBytes(key);
        return PREFIX + Base64.getEncoder().encodeToString(key);
    }

    /** {@code v1,<base64 HMAC-SHA256>} of {@code id.timestamp.body}. */
    public static String sign(String secret, String id, long timestamp, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key(secret), "HmacSHA256"));
            byte[] sig = mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
            return "v1," + Base64.getEncoder().encodeToString(sig);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /**
     * Whether {@code header} (space-separated signatures, as the spec allows several during a secret's rotation) holds
     * a valid {@code v1} signature of the message, and its timestamp is within {@link #TOLERANCE_SECONDS} of
     * {@code nowSeconds}. Compares in constant time.
     */
    public static boolean verify(
            String secret, String id, String timestamp, String body, String header, long nowSeconds) {
        if (id == null || timestamp == null || header == null || body == null) {
            return false;
        }
        long ts;
        try {
            ts = Long.parseLong(timestamp);
        } catch (NumberFormatException e) {
            return false;
        }
        if (Math.abs(nowSeconds - ts) > TOLERANCE_SECONDS) {
            return false;
        }
        byte[] expected = sign(secret, id, ts, body).getBytes(StandardCharsets.UTF_8);
        for (String candidate : header.trim().split(" +")) {
            if (MessageDigest.isEqual(expected, candidate.getBytes(StandardCharsets.UTF_8))) {
                return true;
            }
        }
        return false;
    }

    private static byte[] key(String secret) {
        String b64 = secret.startsWith(PREFIX) ? secret.substring(PREFIX.length()) : secret;
        return Base64.getDecoder().decode(b64);
    }
}
