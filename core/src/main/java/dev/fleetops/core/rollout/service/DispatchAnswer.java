package dev.fleetops.core.rollout.service;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.fleetops.core.rollout.DeviceExecution;

/**
 * What a {@link DispatchWorker} made of one device's call, waiting in the store for the operation's next tick, which
 * saves {@code result} where the device's row is still {@code intent} ({@link RolloutTicker}).
 *
 * @param intent      the row the call was sent for (the saved dispatch intent)
 * @param result      the device's next row ({@code RolloutEngine.applyDispatch})
 * @param goalWritten whether the call left a desired-property goal (the operation must sweep it at its end)
 */
public record DispatchAnswer(DeviceExecution intent, DeviceExecution result, boolean goalWritten) {
    public String deviceId() {
        return intent.deviceId();
    }

    public String toJson() {
        JsonObject o = new JsonObject();
        o.add("i", ExecutionJson.write(intent));
        o.add("r", ExecutionJson.write(result));
        o.addProperty("g", goalWritten);
        return o.toString();
    }

    /** @throws IllegalArgumentException when {@code json} is not an answer */
    public static DispatchAnswer parse(String json) {
        JsonObject o;
        try {
            o = JsonParser.parseString(json).getAsJsonObject();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("dispatch answer is not a JSON object");
        }
        DeviceExecution intent = ExecutionJson.read(o.get("i"), "answer.i");
        DeviceExecution result = ExecutionJson.read(o.get("r"), "answer.r");
        if (!intent.deviceId().equals(result.deviceId())) {
            throw new IllegalArgumentException("'answer.r.d' must be the intent's device");
        }
        boolean goal = o.get("g") instanceof com.google.gson.JsonPrimitive p && p.isBoolean() && p.getAsBoolean();
        return new DispatchAnswer(intent, result, goal);
    }
}
