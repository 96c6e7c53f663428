package dev.fleetops.localhub.auth;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A shared access signature as the SDKs send it: {@code SharedAccessSignature sr=…&sig=…&se=…[&skn=…]}
 * in any field order. Verification recomputes HMAC-SHA256 over the {@code sr} value exactly as
 * received (the Java device SDK does not encode it, the service SDK does) plus a newline and {@code se}.
 *
 * @param resource  {@code sr} as received
 * @param signature {@code sig}, URL-decoded (base64)
 * @param expiry    {@code se} in Unix seconds
 * @param keyName   {@code skn}, or null (device tokens have none)
 */
public record SasToken(String resource, String signature, long expiry, String keyName) {
    private static final String PREFIX = "SharedAccessSignature ";
    /** Hostile tokens are cut off before any parsing work. */
    private static final int MAX_LENGTH = 4096;

    /** Parses a token; empty if it is not a well-formed SAS token. */
    public static Optional<SasToken> parse(String text) {
        if (text == null || text.length() > MAX_LENGTH || !text.startsWith(PREFIX)) {
            return Optional.empty();
        }
        Map<String, String> fields = new HashMap<>();
        for (String part : text.substring(PREFIX.length()).split("&")) {
            int eq = part.indexOf('=');
            if (eq <= 0 || fields.put(part.substring(0, eq), part.substring(eq + 1)) != null) {
                return Optional.empty();
            }
        }
        String sr = fields.get("sr");
        String sig = fields.get("sig");
        String se = fields.get("se");
        if (sr == null || sig == null || se == null) {
            return Optional.empty();
        }
        try {
            long expiry = Long.parseLong(se);
            return Optional.of(
                    new SasToken(sr, URLDecoder.decode(sig, StandardCharsets.UTF_8), expiry, fields.get("skn")));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The resource URI, decoded, for comparing with what the caller may access. */
    public String decodedResource() {
        try {
            return URLDecoder.decode(resource, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return resource;
        }
    }

    public boolean isExpired(Instant now) {
        return expiry <= now.getEpochSecond();
    }

    /** Constant-time check of the signature against a base64 key. */
    public boolean isSignedWith(String base64Key) {
        if (base64Key == null) {
            return false;
        }
        byte[] expected = sign(base64Key, resource, expiry);
        byte[] actual;
        try {
            actual = Base64.getDecoder().decode(signature);
        } catch (IllegalArgumentException e) {
            return false;
        }
        return expected.length > 0 && MessageDigest.isEqual(expected, actual);
    }

    /** HMAC-SHA256(base64-decode(key), sr + "\n" + se). */
    public static byte[] sign(String base64Key, String resource, long expiry) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(base64Key), "HmacSHA256"));
            return mac.doFinal((resource + "\n" + expiry).getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException | InvalidKeyException | IllegalArgumentException e) {
            return new byte[0];
        }
    }

    /** Builds a token the way the service SDK does (for tools and tests). */
    public static String create(String resource, String base64Key, long expiry, String keyName) {
        String sr = java.net.URLEncoder.encode(resource, StandardCharsets.UTF_8);
        String sig = java.net.URLEncoder.encode(
                Base64.getEncoder().encodeToString(sign(base64Key, sr, expiry)), StandardCharsets.UTF_8);
        return PREFIX + "sr=" + sr + "&sig=" + sig + "&se=" + expiry + (keyName == null ? "" : "&skn=" + keyName);
    }
}
