package dev.fleetops.device.support;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/** A clock that moves one second forward every time it is read, so each step gets its own time stamp. */
public final class TickingClock extends Clock {
    public static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    private final AtomicLong seconds = new AtomicLong();

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return START.plusSeconds(seconds.getAndIncrement());
    }
}
