package dev.fleetops.core.inventory;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The inventory's continuation token: the hub's own token wrapped with the query it continues, as base64url of
 * {@code {"v":1,"q":"<hash of the query>","h":"<hub token>"}}. Clients treat it as opaque. Reading one back checks
 * the wrapper, that it continues the same query (another filter is refused instead of silently mixing results) and
 * that the hub token is short printable ASCII, the only thing that reaches the hub ({@code x-ms-continuation}
 * header) and never the query. The hub decides whether it still knows the token.
 */
final class PageToken {
    /** Longest token a client may send. */
    static final int MAX_CHARS = 4_096;
    /** Longest hub token accepted inside it. */
    static final int MAX_HUB_CHARS = 2_048;

    private static final int VERSION = 1;
    private static final Pattern HUB_TOKEN = Pattern.compile("[\\x20-\\x7E]{1," + MAX_HUB_CHARS + "}");

    private PageToken() {}

    static String encode(String query, String hubToken) {
        JsonObject o = new JsonObject();
        o.addProperty("v", VERSION);
        o.addProperty("q", hash(query));
        o.addProperty("h", hubToken);
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(o.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** The hub token inside {@code token}, or empty when this API did not issue it for {@code query}. */
    static Optional<String> decode(String token, String query) {
        if (token == null || token.length() > MAX_CHARS) {
            return Optional.empty();
        }
        try {
            JsonElement e =
                    JsonParser.parseString(new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8));
            if (e instanceof JsonObject o
                    && o.get("v") instanceof JsonPrimitive v
                    && v.isNumber()
                    && v.getAsInt() == VERSION
                    && o.get("q") instanceof JsonPrimitive q
                    && q.isString()
                    && q.getAsString().equals(hash(query))
                    && o.get("h") instanceof JsonPrimitive h
                    && h.isString()
                    && HUB_TOKEN.matcher(h.getAsString()).matches()) {
                return Optional.of(h.getAsString());
            }
        } catch (RuntimeException malformed) {
            // not base64url, not JSON: the caller's mistake, answered as any other unknown token
        }
        return Optional.empty();
    }

    /** A short digest: enough to tell queries apart, not a secret. */
    private static String hash(String query) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(query.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
