package dev.fleetops.runner.queue;

import java.time.Duration;

/** How a queue listener waits between polls of an empty queue; tests record the delays instead of waiting. */
@FunctionalInterface
public interface PollPause {
    /** Waits {@code delay}; the listener's thread is interrupted when the runner stops. */
    void pause(String queue, Duration delay) throws InterruptedException;

    PollPause SLEEP = (queue, delay) -> Thread.sleep(delay.toMillis(), delay.toNanosPart() % 1_000_000);
}
