package dev.fleetops.core.hub;

/** Port: reads one device twin. Implementations never throw for hub-side failures. */
public interface TwinReader {
    TwinLookup read(String deviceId);
}
