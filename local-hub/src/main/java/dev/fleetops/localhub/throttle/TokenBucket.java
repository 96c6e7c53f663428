package dev.fleetops.localhub.throttle;

import java.util.function.LongSupplier;

/**
 * A token bucket: {@code ratePerSecond} tokens flow in continuously up to {@code capacity}. An operation costing
 * {@code n} tokens is admitted when the bucket holds {@code n}, or when it is full (so one operation larger than the
 * bucket, e.g. a 128 KB method call, still passes and leaves a debt). Over any long window the admitted cost is
 * therefore at most {@code capacity + rate × window}. Thread-safe; the clock is injectable for tests.
 */
public final class TokenBucket {
    private static final double EPSILON = 1e-9;
    private final double ratePerNano;
    private final double capacity;
    private final LongSupplier nanoTime;
    private double tokens;
    private long last;

    /** @param nanoTime a monotonic clock in nanoseconds, {@code System::nanoTime} in production */
    public TokenBucket(double ratePerSecond, double capacity, LongSupplier nanoTime) {
        if (!(ratePerSecond > 0) || !(capacity >= 1)) {
            throw new IllegalArgumentException("'ratePerSecond' must be positive and 'capacity' at least 1");
        }
        this.ratePerNano = ratePerSecond / 1e9;
        this.capacity = capacity;
        this.nanoTime = nanoTime;
        this.tokens = capacity;
        this.last = nanoTime.getAsLong();
    }

    public double ratePerSecond() {
        return ratePerNano * 1e9;
    }

    public double capacity() {
        return capacity;
    }

    /** Takes one token if available. */
    public boolean tryAcquire() {
        return tryAcquire(1);
    }

    /** Takes {@code cost} tokens if available (or the bucket is full). */
    public synchronized boolean tryAcquire(double cost) {
        refill();
        // EPSILON: refills are sums of small floating-point steps that can land a hair below a whole token
        if (tokens >= cost - EPSILON || tokens >= capacity - EPSILON) {
            tokens -= cost;
            return true;
        }
        return false;
    }

    /** Nanoseconds until {@code cost} tokens could be taken (0 if now). */
    public synchronized long nanosUntil(double cost) {
        refill();
        double needed = Math.min(cost, capacity) - tokens;
        return needed <= 0 ? 0 : (long) Math.ceil(needed / ratePerNano);
    }

    private void refill() {
        long now = nanoTime.getAsLong();
        if (now > last) {
            tokens = Math.min(capacity, tokens + (now - last) * ratePerNano);
            last = now;
        }
    }
}
