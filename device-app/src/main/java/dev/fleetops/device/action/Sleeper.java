package dev.fleetops.device.action;

import java.time.Duration;

/** Waits; tests substitute one that does not. */
@FunctionalInterface
public interface Sleeper {
    Sleeper REAL = d -> Thread.sleep(d.toMillis());

    void sleep(Duration d) throws InterruptedException;
}
