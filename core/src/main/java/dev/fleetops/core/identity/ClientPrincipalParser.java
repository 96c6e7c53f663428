package dev.fleetops.core.identity;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import dev.fleetops.contract.StrictJson;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Decodes {@code x-ms-client-principal}: standard Base64 (as .NET's {@code Convert.ToBase64String} writes it) of UTF-8
 * JSON. The header is trusted only because App Service strips client-sent copies and sets its own, so the parser still
 * treats it as hostile: bounded size and claim count, canonical Base64 only, valid UTF-8, strict JSON
 * ({@link StrictJson}: no duplicate keys, bounded depth), string claim values. It never throws: every problem is a
 * {@link Result.Rejected} with a reason that is safe to log (it never repeats the header's content).
 */
public final class ClientPrincipalParser {
    public static final int MAX_HEADER_CHARS = 32 * 1024;
    public static final int MAX_CLAIMS = 256;
    public static final int MAX_CLAIM_TYPE_CHARS = 256;
    public static final int MAX_CLAIM_VALUE_CHARS = 4096;
    private static final Pattern BASE64 =
            Pattern.compile("(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?");

    /** The outcome of decoding one header value. */
    public sealed interface Result {
        record Decoded(ClientPrincipal principal) implements Result {}

        record Rejected(String reason) implements Result {}
    }

    private ClientPrincipalParser() {}

    public static Result parse(String header) {
        try {
            return decode(header);
        } catch (RuntimeException e) {
            // StrictJson reports bad JSON as JsonInputException; anything else is a bug we still must not surface.
            return new Result.Rejected("not valid JSON");
        }
    }

    private static Result decode(String header) {
        if (header == null || header.isEmpty()) {
            return new Result.Rejected("empty");
        }
        if (header.length() > MAX_HEADER_CHARS) {
            return new Result.Rejected("longer than " + MAX_HEADER_CHARS + " characters");
        }
        if (!BASE64.matcher(header).matches()) {
            return new Result.Rejected("not canonical Base64");
        }
        byte[] bytes = Base64.getDecoder().decode(header);
        if (!Base64.getEncoder().encodeToString(bytes).equals(header)) {
            return new Result.Rejected("not canonical Base64");
        }
        String json;
        try {
            json = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            return new Result.Rejected("not UTF-8");
        }
        JsonObject root = StrictJson.parseObject(json);
        String authType = string(root, "auth_typ", 64);
        if (authType == null || authType.isBlank()) {
            return new Result.Rejected("auth_typ must be a non-empty string of at most 64 characters");
        }
        String nameType = optionalString(root, "name_typ");
        String roleType = optionalString(root, "role_typ");
        if ((root.has("name_typ") && nameType == null) || (root.has("role_typ") && roleType == null)) {
            return new Result.Rejected(
                    "name_typ and role_typ must be strings of at most " + MAX_CLAIM_TYPE_CHARS + " characters");
        }
        if (!(root.get("claims") instanceof JsonArray array)) {
            return new Result.Rejected("claims must be an array");
        }
        if (array.size() > MAX_CLAIMS) {
            return new Result.Rejected("more than " + MAX_CLAIMS + " claims");
        }
        List<ClientPrincipal.Claim> claims = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            if (!(array.get(i) instanceof JsonObject claim)) {
                return new Result.Rejected("claims[" + i + "] must be an object");
            }
            String type = string(claim, "typ", MAX_CLAIM_TYPE_CHARS);
            String value = string(claim, "val", MAX_CLAIM_VALUE_CHARS);
            if (type == null || type.isEmpty() || value == null) {
                return new Result.Rejected("claims[" + i + "] needs string typ (1-" + MAX_CLAIM_TYPE_CHARS
                        + ") and val (at most " + MAX_CLAIM_VALUE_CHARS + ")");
            }
            claims.add(new ClientPrincipal.Claim(type, value));
        }
        return new Result.Decoded(new ClientPrincipal(authType, emptyToNull(nameType), emptyToNull(roleType), claims));
    }

    /** The string at {@code name} if it is a JSON string of at most {@code max} characters, else null. */
    private static String string(JsonObject o, String name, int max) {
        JsonElement e = o.get(name);
        if (e instanceof JsonPrimitive p && p.isString() && p.getAsString().length() <= max) {
            return p.getAsString();
        }
        return null;
    }

    private static String emptyToNull(String s) {
        return s.isEmpty() ? null : s;
    }

    private static String optionalString(JsonObject o, String name) {
        JsonElement e = o.get(name);
        return e == null || e.isJsonNull() ? "" : string(o, name, MAX_CLAIM_TYPE_CHARS);
    }
}
