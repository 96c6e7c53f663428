package dev.fleetops.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The tests' clock (UTC): stands still until the test moves it ({@link #advance}, {@link #set}), or, made
 * with {@link #ticking}, moves by a fixed step every time it is read, so each step of the code under test
 * gets its own time stamp. Safe to read and move from several threads.
 */
public final class TestClock extends Clock {
    /** A start time for tests that need one but do not care which. */
    public static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    private final AtomicReference<Instant> now;
    private final Duration stepPerRead;

    private TestClock(Instant start, Duration stepPerRead) {
        this.now = new AtomicReference<>(start);
        this.stepPerRead = stepPerRead;
    }

    /** A clock that reads {@code start} until moved. */
    public static TestClock at(Instant start) {
        return new TestClock(start, Duration.ZERO);
    }

    /** A clock that reads {@code start}, then {@code step} later at every further read. */
    public static TestClock ticking(Instant start, Duration step) {
        return new TestClock(start, step);
    }

    /** Moves the clock forward by {@code d} (backward for a negative one). */
    public TestClock advance(Duration d) {
        now.updateAndGet(t -> t.plus(d));
        return this;
    }

    /** Sets the clock to {@code t}. */
    public TestClock set(Instant t) {
        now.set(t);
        return this;
    }

    @Override
    public Instant instant() {
        return stepPerRead.isZero() ? now.get() : now.getAndUpdate(t -> t.plus(stepPerRead));
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
