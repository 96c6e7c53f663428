package dev.fleetops.core.rollout.service;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import dev.fleetops.core.rollout.GateVerdict;
import java.util.Locale;

/**
 * Reads an external gate's answer: HTTP 200 with {@code {"decision": "pass" | "fail" | "wait", "reason": "…"}}.
 * Everything else (another status, a body that is not that object, an unknown decision) is wait, so only a gate that
 * clearly says pass opens a wave and only one that clearly says fail pauses the operation.
 */
public final class GateAnswer {
    /** The most of an answer FleetOps reads; a longer one is not a readable answer. */
    public static final int MAX_BODY = 4096;

    private GateAnswer() {}

    public static GateVerdict read(int status, String body) {
        if (status != 200) {
            return GateVerdict.waiting("the gate answered HTTP " + status);
        }
        if (body == null || body.length() > MAX_BODY) {
            return GateVerdict.waiting("the gate's answer is empty or longer than " + MAX_BODY + " characters");
        }
        JsonElement parsed;
        try {
            parsed = JsonParser.parseString(body);
        } catch (RuntimeException e) {
            return GateVerdict.waiting("the gate's answer is not JSON");
        }
        if (!(parsed instanceof JsonObject o) || !(o.get("decision") instanceof JsonPrimitive d) || !d.isString()) {
            return GateVerdict.waiting("the gate's answer has no \"decision\" string");
        }
        String reason = o.get("reason") instanceof JsonPrimitive r && r.isString() ? r.getAsString() : null;
        return switch (d.getAsString().toLowerCase(Locale.ROOT)) {
            case "pass" -> new GateVerdict(GateVerdict.Decision.PASS, reason);
            case "fail" -> new GateVerdict(GateVerdict.Decision.FAIL, reason);
            case "wait" -> new GateVerdict(GateVerdict.Decision.WAIT, reason);
            default -> GateVerdict.waiting("the gate's decision is not pass, fail or wait");
        };
    }
}
