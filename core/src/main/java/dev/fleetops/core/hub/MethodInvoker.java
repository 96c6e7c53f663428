package dev.fleetops.core.hub;

import com.google.gson.JsonElement;

/** Port: invokes direct methods on devices. Implementations never throw for hub-side failures. */
public interface MethodInvoker {
    MethodCallResult invoke(String deviceId, String methodName, JsonElement payload);
}
