package dev.fleetops.device.transport;

import com.google.gson.JsonElement;

/** A direct-method answer: the numeric status and the JSON payload returned to the caller. */
public record MethodResult(int status, JsonElement payload) {}
