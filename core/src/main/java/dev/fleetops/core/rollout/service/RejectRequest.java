package dev.fleetops.core.rollout.service;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import dev.fleetops.contract.FieldError;
import dev.fleetops.contract.Parsed;
import dev.fleetops.core.rollout.Approval;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The optional body of {@code POST /api/operations/{id}/reject}: {@code {"reason": "…"}}. The reason is shown on the
 * report page and in the audit, so it is bounded and loses control and bidi/format characters.
 *
 * @param reason null when none was given
 */
public record RejectRequest(String reason) {
    /** The fields the body may have (the OpenAPI schema lists exactly these). */
    static final Set<String> FIELDS = Set.of("reason");

    /** @param body the strictly parsed body, or null when the request had none */
    public static Parsed<RejectRequest> parse(JsonElement body) {
        if (body == null || body.isJsonNull()) {
            return new Parsed.Valid<>(new RejectRequest(null));
        }
        if (!(body instanceof JsonObject o)) {
            return new Parsed.Invalid<>(List.of(new FieldError("body", "must be a JSON object")));
        }
        List<FieldError> errors = new ArrayList<>();
        for (String name : o.keySet()) {
            if (!FIELDS.contains(name)) {
                errors.add(new FieldError(name, "unknown field"));
            }
        }
        String reason = null;
        JsonElement r = o.get("reason");
        if (r != null && !r.isJsonNull()) {
            if (!(r instanceof JsonPrimitive p) || !p.isString()) {
                errors.add(new FieldError("reason", "must be a string"));
            } else if (p.getAsString().length() > Approval.MAX_COMMENT) {
                errors.add(new FieldError("reason", "must be at most " + Approval.MAX_COMMENT + " characters"));
            } else {
                reason = clean(p.getAsString());
            }
        }
        return errors.isEmpty() ? new Parsed.Valid<>(new RejectRequest(reason)) : new Parsed.Invalid<>(errors);
    }

    private static String clean(String s) {
        StringBuilder out = new StringBuilder(s.length());
        s.codePoints()
                .filter(cp -> Character.getType(cp) != Character.CONTROL && Character.getType(cp) != Character.FORMAT)
                .forEach(out::appendCodePoint);
        String t = out.toString().strip();
        return t.isEmpty() ? null : t;
    }
}
