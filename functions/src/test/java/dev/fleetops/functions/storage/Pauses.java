package dev.fleetops.functions.storage;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/** The pauses a {@link BoundedWait} is expected to take, written as milliseconds. */
final class Pauses {
    private Pauses() {}

    static List<Duration> millis(long... pauses) {
        return Arrays.stream(pauses).mapToObj(Duration::ofMillis).toList();
    }
}
