package dev.fleetops.core.hub;

/** Result of invoking a direct method: the device's answer, or a {@link HubFailure}. */
public sealed interface MethodCallResult permits MethodAnswer, HubFailure {}
