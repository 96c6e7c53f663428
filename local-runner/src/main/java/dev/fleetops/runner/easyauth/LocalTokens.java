package dev.fleetops.runner.easyauth;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Base64;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Compact JWS tokens (RFC 7515/7519) signed with HS256 by the local {@link SigningKey}: the local stand-in for the
 * Entra ID access tokens App Service Authentication validates. Verification checks what App Service checks for
 * Entra tokens — signature, issuer, audience, lifetime — and is strict about the encoding: only {@code HS256}, no
 * {@code none}, base64url without padding, strict JSON without duplicate names, at most {@value #MAX_TOKEN_CHARS}
 * characters.
 */
public final class LocalTokens {
    public static final int MAX_TOKEN_CHARS = 8192;
    private static final Pattern PART = Pattern.compile("[A-Za-z0-9_-]+");
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    /** The outcome of verifying one token. */
    public sealed interface Verification {
        record Valid(JsonObject claims) implements Verification {}

        /** @param reason for the runner's log; never contains the token */
        record Invalid(String reason) implements Verification {}
    }

    private final SigningKey key;
    private final Clock clock;

    public LocalTokens(SigningKey key, Clock clock) {
        this.key = key;
        this.clock = clock;
    }

    /** {@code header.payload.signature} for these claims. */
    public String sign(JsonObject claims) {
        JsonObject header = new JsonObject();
        header.addProperty("alg", "HS256");
        header.addProperty("typ", "JWT");
        String signingInput = part(header) + "." + part(claims);
        return signingInput + "." + ENCODER.encodeToString(mac(signingInput));
    }

    public Verification verify(String token) {
        if (token == null || token.length() > MAX_TOKEN_CHARS) {
            return new Verification.Invalid("missing or longer than " + MAX_TOKEN_CHARS + " characters");
        }
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3
                || !PART.matcher(parts[0]).matches()
                || !PART.matcher(parts[1]).matches()
                || !PART.matcher(parts[2]).matches()) {
            return new Verification.Invalid("not a compact JWS of three base64url parts");
        }
        try {
            JsonObject header = strictObject(decode(parts[0]));
            if (!(header.get("alg") instanceof JsonPrimitive alg) || !"HS256".equals(alg.getAsString())) {
                return new Verification.Invalid("alg is not HS256");
            }
            byte[] expected = mac(parts[0] + "." + parts[1]);
            // Compare the text too: base64url has spellings that decode alike (unused low bits of the last character).
            if (!MessageDigest.isEqual(expected, Base64.getUrlDecoder().decode(parts[2]))
                    || !MessageDigest.isEqual(
                            ENCODER.encodeToString(expected).getBytes(StandardCharsets.US_ASCII),
                            parts[2].getBytes(StandardCharsets.US_ASCII))) {
                return new Verification.Invalid("bad signature");
            }
            JsonObject claims = strictObject(decode(parts[1]));
            return checkClaims(claims);
        } catch (IOException | RuntimeException e) {
            return new Verification.Invalid("malformed: " + e.getClass().getSimpleName());
        }
    }

    private Verification checkClaims(JsonObject claims) {
        long now = clock.instant().getEpochSecond();
        if (!key.issuer().equals(string(claims, "iss"))) {
            return new Verification.Invalid("wrong issuer");
        }
        if (!audienceMatches(claims.get("aud"))) {
            return new Verification.Invalid("wrong audience");
        }
        Long exp = seconds(claims, "exp");
        Long nbf = seconds(claims, "nbf");
        if (exp == null || now >= exp) {
            return new Verification.Invalid("expired or without exp");
        }
        if (nbf != null && now < nbf) {
            return new Verification.Invalid("not yet valid");
        }
        return new Verification.Valid(claims);
    }

    private boolean audienceMatches(JsonElement aud) {
        if (aud instanceof JsonPrimitive p && p.isString()) {
            return key.audience().equals(p.getAsString());
        }
        if (aud instanceof JsonArray a) {
            for (JsonElement e : a) {
                if (e instanceof JsonPrimitive p
                        && p.isString()
                        && key.audience().equals(p.getAsString())) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String string(JsonObject o, String name) {
        return o.get(name) instanceof JsonPrimitive p && p.isString() ? p.getAsString() : null;
    }

    private static Long seconds(JsonObject o, String name) {
        return o.get(name) instanceof JsonPrimitive p && p.isNumber() ? p.getAsLong() : null;
    }

    private byte[] mac(String signingInput) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.secret(), "HmacSHA256"));
            return mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    private static String part(JsonObject json) {
        return ENCODER.encodeToString(json.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static String decode(String part) {
        return new String(Base64.getUrlDecoder().decode(part), StandardCharsets.UTF_8);
    }

    /** One JSON object, RFC 8259 syntax only, no duplicate names, nothing after it. */
    static JsonObject strictObject(String text) throws IOException {
        try (JsonReader reader = new JsonReader(new StringReader(text))) {
            reader.setStrictness(Strictness.STRICT);
            JsonElement value = read(reader, 0);
            if (reader.peek() != JsonToken.END_DOCUMENT || !(value instanceof JsonObject object)) {
                throw new IOException("not a single JSON object");
            }
            return object;
        }
    }

    private static JsonElement read(JsonReader reader, int depth) throws IOException {
        if (depth > 16) {
            throw new IOException("nested too deeply");
        }
        switch (reader.peek()) {
            case BEGIN_OBJECT -> {
                JsonObject o = new JsonObject();
                reader.beginObject();
                while (reader.hasNext()) {
                    String name = reader.nextName();
                    if (o.has(name)) {
                        throw new IOException("duplicate name");
                    }
                    o.add(name, read(reader, depth + 1));
                }
                reader.endObject();
                return o;
            }
            case BEGIN_ARRAY -> {
                JsonArray a = new JsonArray();
                reader.beginArray();
                while (reader.hasNext()) {
                    a.add(read(reader, depth + 1));
                }
                reader.endArray();
                return a;
            }
            case STRING -> {
                return new JsonPrimitive(reader.nextString());
            }
            case NUMBER -> {
                return new JsonPrimitive(new java.math.BigDecimal(reader.nextString()));
            }
            case BOOLEAN -> {
                return new JsonPrimitive(reader.nextBoolean());
            }
            case NULL -> {
                reader.nextNull();
                return com.google.gson.JsonNull.INSTANCE;
            }
            default -> throw new IOException("unexpected " + reader.peek());
        }
    }
}
