package dev.fleetops.core.hub;

/** Result of reading one twin: the twin, or a {@link HubFailure}. */
public sealed interface TwinLookup permits DeviceTwin, HubFailure {}
