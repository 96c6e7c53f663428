package dev.fleetops.bench.wire;

import java.time.Duration;
import java.util.Objects;

/**
 * How a wire device answers one direct method.
 *
 * @param status  sent as {@code $iothub/methods/res/{status}/?$rid=…}
 * @param payload JSON body of the answer
 * @param delay   how long the device "works" before answering (Duration.ZERO: at once)
 */
public record MethodAnswer(int status, String payload, Duration delay) {
    public MethodAnswer {
        Objects.requireNonNull(payload, "'payload' cannot be null.");
        Objects.requireNonNull(delay, "'delay' cannot be null.");
        if (delay.isNegative()) {
            throw new IllegalArgumentException("'delay' cannot be negative.");
        }
    }
}
