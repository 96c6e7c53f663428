package dev.fleetops.device.state;

import java.nio.file.Path;

/** What {@link StateStore#load()} found in the state directory. */
public sealed interface LoadResult {

    /** No state file: a device starting for the first time. */
    record Missing() implements LoadResult {}

    /** The persisted state. */
    record Loaded(DeviceState state) implements LoadResult {}

    /**
     * The state file could not be read; it was moved aside to {@code quarantined} (never deleted) so an
     * operator can inspect it, and the device starts fresh.
     */
    record Corrupt(Path quarantined, String reason) implements LoadResult {}
}
