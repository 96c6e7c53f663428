package dev.fleetops.localhub.jobs;

/**
 * Paces the device operations jobs run (IoT Hub's "jobs device operations" throttle: 10/s on Free and S1).
 * An interface so a hub-wide throttle can take its place; {@link #perSecond} is the fixed-rate stand-in.
 */
@FunctionalInterface
public interface DeviceOperationPacer {
    /** Blocks until one more job device operation may start. */
    void acquire() throws InterruptedException;

    /** No pacing, for tests that need not wait. */
    DeviceOperationPacer UNLIMITED = () -> {};

    /** At most {@code rate} operations per second, evenly spaced, shared by every caller. */
    static DeviceOperationPacer perSecond(double rate) {
        if (!(rate > 0)) {
            throw new IllegalArgumentException("'rate' must be positive, was " + rate);
        }
        long intervalNanos = (long) (1_000_000_000L / rate);
        return new DeviceOperationPacer() {
            private long next = System.nanoTime();

            @Override
            public void acquire() throws InterruptedException {
                long wait;
                synchronized (this) {
                    long now = System.nanoTime();
                    long slot = Math.max(next, now);
                    next = slot + intervalNanos;
                    wait = slot - now;
                }
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
            }
        };
    }
}
