package dev.fleetops.testkit;

import java.time.Duration;

/**
 * A pause that is itself the behaviour a test sets up: a device that takes two seconds to answer, a link
 * that trickles, a client that offers a given load, a process that stays up until it is killed. Never a
 * way to wait for something to happen: that is {@link Waits}.
 */
public final class Delays {
    private Delays() {}

    /** Takes {@code d} of real time, as the simulated thing would. */
    public static void simulate(Duration d) throws InterruptedException {
        Thread.sleep(d.toMillis());
    }

    /** Blocks until the thread is interrupted or the process is killed (a child JVM that a test kills). */
    public static void untilKilled() throws InterruptedException {
        Thread.currentThread().join();
    }
}
