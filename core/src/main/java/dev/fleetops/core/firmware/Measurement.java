package dev.fleetops.core.firmware;

/** What reading an uploaded package found. */
public sealed interface Measurement {
    record Measured(long sizeBytes, String sha256) implements Measurement {}

    /** Nothing was uploaded (yet). */
    record Missing() implements Measurement {}

    /** Larger than the catalog takes; not read. */
    record TooLarge(long sizeBytes, long maxBytes) implements Measurement {}

    /** The blob changed while it was read, or reading took longer than allowed; try again once the upload finished. */
    record Unsettled(String why) implements Measurement {}
}
