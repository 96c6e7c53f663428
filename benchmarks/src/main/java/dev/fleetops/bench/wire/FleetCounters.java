package dev.fleetops.bench.wire;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** What the devices of one fleet have done so far; written from the event loops, read from anywhere. */
final class FleetCounters {
    final AtomicInteger connected = new AtomicInteger();
    final AtomicInteger connectFailures = new AtomicInteger();
    final AtomicLong disconnects = new AtomicLong();
    final AtomicLong methodsReceived = new AtomicLong();
    final AtomicLong methodsAnswered = new AtomicLong();
    final AtomicLong reportedAcknowledged = new AtomicLong();
    final AtomicLong desiredReceived = new AtomicLong();
    volatile String lastFailure;
}
