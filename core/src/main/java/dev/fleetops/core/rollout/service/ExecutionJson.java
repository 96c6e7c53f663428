package dev.fleetops.core.rollout.service;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import dev.fleetops.contract.ErrorInfo;
import dev.fleetops.core.rollout.CancelReason;
import dev.fleetops.core.rollout.DeviceExecution;
import dev.fleetops.core.rollout.ExecutionState;
import dev.fleetops.core.rollout.QueueReason;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * One execution row as compact JSON, for dispatch messages and their answers. Reading is strict: a member of the
 * wrong type, an unknown state or an unreadable time is an {@link IllegalArgumentException} naming the member, never
 * a row made up from defaults (a queue message is input like any other).
 */
final class ExecutionJson {
    /** Device ids as IoT Hub allows them: at most 128 characters. */
    private static final int MAX_ID = 128;

    private static final int MAX_TEXT = 1024;

    private ExecutionJson() {}

    static JsonObject write(DeviceExecution e) {
        JsonObject o = new JsonObject();
        o.addProperty("d", e.deviceId());
        o.addProperty("w", e.wave());
        o.addProperty("s", e.state().name());
        o.addProperty("a", e.attempt());
        time(o, "nb", e.notBefore());
        time(o, "da", e.dispatchedAt());
        time(o, "ua", e.updatedAt());
        if (e.lastDetail() != null) {
            o.addProperty("ld", e.lastDetail());
        }
        if (e.error() != null) {
            o.addProperty("ec", e.error().code());
            o.addProperty("em", e.error().message());
        }
        if (e.queueReason() != null) {
            o.addProperty("qr", e.queueReason().name());
        }
        if (e.cancelReason() != null) {
            o.addProperty("cr", e.cancelReason().name());
        }
        return o;
    }

    static DeviceExecution read(JsonElement json, String where) {
        if (!(json instanceof JsonObject o)) {
            throw new IllegalArgumentException("'" + where + "' must be an object");
        }
        String deviceId = text(o, "d", where, true, MAX_ID);
        int wave = number(o, "w", where);
        int attempt = number(o, "a", where);
        ExecutionState state = named(ExecutionState.class, text(o, "s", where, true, 32), where + ".s");
        String code = text(o, "ec", where, false, MAX_TEXT);
        String message = text(o, "em", where, false, MAX_TEXT);
        String queueReason = text(o, "qr", where, false, 32);
        String cancelReason = text(o, "cr", where, false, 32);
        return DeviceExecution.restore(
                deviceId,
                wave,
                state,
                attempt,
                instant(o, "nb", where),
                instant(o, "da", where),
                instant(o, "ua", where),
                text(o, "ld", where, false, MAX_TEXT),
                code == null && message == null ? null : new ErrorInfo(code, message),
                queueReason == null ? null : named(QueueReason.class, queueReason, where + ".qr"),
                cancelReason == null ? null : named(CancelReason.class, cancelReason, where + ".cr"));
    }

    private static void time(JsonObject o, String member, Instant t) {
        if (t != null) {
            o.addProperty(member, t.toString());
        }
    }

    static String text(JsonObject o, String member, String where, boolean required, int max) {
        JsonElement v = o.get(member);
        if (v == null || v.isJsonNull()) {
            if (required) {
                throw new IllegalArgumentException("'" + where + "." + member + "' is required");
            }
            return null;
        }
        if (!(v instanceof JsonPrimitive p) || !p.isString() || p.getAsString().length() > max) {
            throw new IllegalArgumentException(
                    "'" + where + "." + member + "' must be a string of at most " + max + " characters");
        }
        return p.getAsString();
    }

    static int number(JsonObject o, String member, String where) {
        JsonElement v = o.get(member);
        if (!(v instanceof JsonPrimitive p) || !p.isNumber()) {
            throw new IllegalArgumentException("'" + where + "." + member + "' must be a number");
        }
        double d = p.getAsDouble();
        if (d != Math.rint(d) || d < 0 || d > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("'" + where + "." + member + "' must be a whole number from 0");
        }
        return (int) d;
    }

    static Instant instant(JsonObject o, String member, String where) {
        String s = text(o, member, where, false, 40);
        if (s == null) {
            return null;
        }
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + where + "." + member + "' must be an ISO-8601 instant");
        }
    }

    private static <E extends Enum<E>> E named(Class<E> type, String name, String where) {
        try {
            return Enum.valueOf(type, name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + where + "' is not a known value");
        }
    }
}
