package dev.fleetops.device.agent;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import dev.fleetops.contract.Action;
import dev.fleetops.contract.ActionReport;
import dev.fleetops.contract.ActionStatus;
import dev.fleetops.contract.FirmwareUpdateReport;
import dev.fleetops.contract.MethodStatus;
import dev.fleetops.device.action.ActionContext;
import dev.fleetops.device.state.DeviceState;
import dev.fleetops.device.state.FinishedOperation;
import dev.fleetops.device.transport.MethodResult;
import java.util.function.BiFunction;

/**
 * Acts on goals in desired properties, as the direct methods would, and acknowledges them in the IoT
 * Plug and Play style: reported {@code <name>: {value, ac, av, ad}} with the desired {@code $version}.
 * <ul>
 *   <li>{@code firmware: {version, packageUri, sha256, sizeBytes?, operationId?}} runs a firmware update;</li>
 *   <li>{@code maintenance: {rebootRequestedAt, operationId?}} runs a reboot.</li>
 * </ul>
 * A goal without an operation id gets {@code desired-<name>-v<$version>}, so re-reading the same goal
 * after every (re)connect never runs it twice. {@code ac} is 202 while the operation runs, 200 when it
 * succeeded (or nothing had to be done), 409 while another operation holds the device (retried on the
 * next read), 400 for an invalid goal and 500 when the operation failed; {@code ad} says why. The
 * echoed value never carries the package URI's query string.
 */
final class DesiredConvergence {
    /** The goal a rollout leaves for a device that is offline when its turn comes ({@link Action#desiredGoal()}). */
    static final String FIRMWARE = Action.FIRMWARE_UPDATE.desiredGoal().orElseThrow();

    static final String MAINTENANCE = "maintenance";
    /** The goal member that says until when it is valid (written by the rollout engine). */
    static final String EXPIRES_AT = "expiresAt";

    private final ActionContext ctx;
    private final BiFunction<String, JsonElement, MethodResult> methods;

    /** @param methods answers a direct method by name, as the method handler does */
    DesiredConvergence(ActionContext ctx, BiFunction<String, JsonElement, MethodResult> methods) {
        this.ctx = ctx;
        this.methods = methods;
    }

    /** Acts on the full desired document and reports the acknowledgements. */
    void converge(JsonObject desired) {
        if (desired == null) {
            return;
        }
        long av = desired.get("$version") instanceof JsonPrimitive p && p.isNumber() ? p.getAsLong() : 0;
        JsonObject patch = new JsonObject();
        if (desired.get(FIRMWARE) instanceof JsonObject goal) {
            patch.add(FIRMWARE, firmware(goal.deepCopy(), av));
        }
        if (desired.get(MAINTENANCE) instanceof JsonObject goal && goal.has("rebootRequestedAt")) {
            patch.add(MAINTENANCE, maintenance(goal.deepCopy(), av));
        }
        if (patch.size() > 0) {
            ctx.reporter().send(patch);
        }
    }

    private JsonObject firmware(JsonObject goal, long av) {
        if (!goal.has("operationId")) {
            goal.addProperty("operationId", "desired-firmware-v" + av);
        }
        JsonObject request = goal.deepCopy();
        JsonElement expiresAt = request.remove(EXPIRES_AT);
        MethodResult r = expiresAt == null
                ? methods.apply(Action.FIRMWARE_UPDATE.methodName(), request)
                : expired(expiresAt).orElseGet(() -> methods.apply(Action.FIRMWARE_UPDATE.methodName(), request));
        JsonObject shown = goal.deepCopy();
        if (shown.get("packageUri") instanceof JsonPrimitive uri && uri.isString()) {
            shown.addProperty("packageUri", FirmwareUpdateReport.redactUri(uri.getAsString()));
        }
        return ack(shown, r, av, op(goal));
    }

    /**
     * A goal that names its end (a rollout's, see core Dispatcher.goalExpiry) is refused after it, by this
     * device's clock: a device that was offline past the operation's end must not act on what is left of it.
     * An unreadable expiry is refused too; only a goal with no expiry at all (an operator's own) never ends.
     */
    private java.util.Optional<MethodResult> expired(JsonElement expiresAt) {
        java.util.Optional<java.time.Instant> end = expiresAt instanceof JsonPrimitive p && p.isString()
                ? dev.fleetops.contract.Timestamps.parse(p.getAsString())
                : java.util.Optional.empty();
        if (end.isEmpty()) {
            return java.util.Optional.of(
                    new MethodResult(MethodStatus.BAD_REQUEST, message("expiresAt is not a time")));
        }
        if (!ctx.clock().instant().isBefore(end.get())) {
            return java.util.Optional.of(
                    new MethodResult(MethodStatus.GONE, message("goal expired at " + expiresAt.getAsString())));
        }
        return java.util.Optional.empty();
    }

    private static JsonObject message(String text) {
        JsonObject o = new JsonObject();
        o.addProperty("message", text);
        return o;
    }

    private JsonObject maintenance(JsonObject goal, long av) {
        if (!goal.has("operationId")) {
            goal.addProperty("operationId", "desired-reboot-v" + av);
        }
        JsonObject req = new JsonObject();
        req.add("operationId", goal.get("operationId"));
        return ack(goal, methods.apply(Action.REBOOT.methodName(), req), av, op(goal));
    }

    private static String op(JsonObject goal) {
        return goal.get("operationId") instanceof JsonPrimitive p && p.isString() ? p.getAsString() : null;
    }

    private JsonObject ack(JsonObject value, MethodResult r, long av, String operationId) {
        int ac = r.status();
        String ad = r.payload() instanceof JsonObject p && p.get("message") instanceof JsonPrimitive m
                ? m.getAsString()
                : "";
        if (ac == MethodStatus.NO_NEW_OPERATION && operationId != null) {
            DeviceState s = ctx.live().get();
            if (s.current() != null && s.current().operationId().equals(operationId)) {
                ac = MethodStatus.ACCEPTED;
                ad = "in progress: " + s.current().status();
            } else {
                FinishedOperation f = s.finished(operationId).orElse(null);
                if (f != null && failed(f)) {
                    ac = MethodStatus.DEVICE_ERROR;
                    ad = "operation " + operationId + " ended " + f.status() + errorOf(s, operationId);
                } else if (f != null) {
                    ad = "operation " + operationId + " ended " + f.status();
                }
            }
        }
        JsonObject out = new JsonObject();
        out.add("value", value);
        out.addProperty("ac", ac);
        out.addProperty("av", av);
        out.addProperty("ad", ad);
        return out;
    }

    /** Whether the operation ended in failure, as its action's status enum says; a status it does not know counts as one. */
    private static boolean failed(FinishedOperation f) {
        return f.action().status(f.status()).map(ActionStatus::isFailure).orElse(true);
    }

    private static String errorOf(DeviceState s, String operationId) {
        for (ActionReport r : s.reports().sections().values()) {
            if (operationId.equals(r.operationId()) && r.error() != null) {
                return ": " + r.error().code() + " (" + r.error().message() + ")";
            }
        }
        return "";
    }
}
