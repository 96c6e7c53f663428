package dev.fleetops.core.event;

import java.time.Duration;
import java.time.Instant;

/**
 * When a failed send is tried again and when an event is given up on (dead-lettered). Backoff doubles from
 * {@code firstBackoff} up to {@code maxBackoff} (a target's Retry-After is honoured within that cap); an event is
 * dead-lettered after {@code maxAttempts} sends or once it is older than {@code maxAge}, whichever comes first. No
 * jitter: sends are already spread by the timer's period, and a fixed schedule is one operators can reason about.
 *
 * @param maxEntriesPerRun outbox entries one delivery run reads at most
 * @param runBudget        how long one run may keep sending to one target (sends that have started finish within the
 *                         posts' own timeout)
 */
public record DeliveryPolicy(
        Duration firstBackoff,
        Duration maxBackoff,
        int maxAttempts,
        Duration maxAge,
        int maxEntriesPerRun,
        Duration runBudget) {
    public static final DeliveryPolicy DEFAULTS = new DeliveryPolicy(
            Duration.ofSeconds(10), Duration.ofHours(1), 10, Duration.ofHours(24), 1_000, Duration.ofSeconds(20));

    /** Event Grid accepts at most 1 MB and 5,000 events per request; FleetOps sends at most this many. */
    public static final int EVENT_GRID_BATCH = 100;

    public DeliveryPolicy {
        if (firstBackoff.isNegative() || firstBackoff.isZero() || maxBackoff.compareTo(firstBackoff) < 0) {
            throw new IllegalArgumentException("backoff: 0 < firstBackoff <= maxBackoff");
        }
        if (maxAttempts < 1 || maxEntriesPerRun < 1) {
            throw new IllegalArgumentException("maxAttempts and maxEntriesPerRun must be at least 1");
        }
    }

    /** The wait after the {@code attempts}-th failed send (1-based): first, ×2 each time, at most {@code maxBackoff}. */
    public Duration backoff(int attempts) {
        Duration d = firstBackoff;
        for (int i = 1; i < attempts && d.compareTo(maxBackoff) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(maxBackoff) > 0 ? maxBackoff : d;
    }

    /** What follows a failed send. */
    public sealed interface AfterFailure {
        record Retry(Delivery delivery) implements AfterFailure {}

        record DeadLetter(Delivery delivery, String reason) implements AfterFailure {}
    }

    /**
     * @param before     the delivery before this send
     * @param recordedAt when the event was recorded
     * @param retryAfter the target's Retry-After, or null
     */
    public AfterFailure afterFailure(
            Delivery before, Instant recordedAt, Instant now, String error, Duration retryAfter) {
        int attempts = before.attempts() + 1;
        String last = error == null ? "failed" : (error.length() > 300 ? error.substring(0, 300) + "…" : error);
        if (attempts >= maxAttempts) {
            return new AfterFailure.DeadLetter(
                    new Delivery(attempts, null, last, true), attempts + " attempts failed; last: " + last);
        }
        Duration wait = backoff(attempts);
        if (retryAfter != null && retryAfter.compareTo(wait) > 0) {
            wait = retryAfter.compareTo(maxBackoff) > 0 ? maxBackoff : retryAfter;
        }
        Instant next = now.plus(wait);
        if (!next.isBefore(recordedAt.plus(maxAge))) {
            return new AfterFailure.DeadLetter(
                    new Delivery(attempts, null, last, true),
                    "older than " + maxAge + " before a send succeeded (" + attempts + " attempts); last: " + last);
        }
        return new AfterFailure.Retry(new Delivery(attempts, next, last, false));
    }

    /** Whether an event that was never sent is already too old to send (recorded, then the targets were down long). */
    public boolean expired(Instant recordedAt, Instant now) {
        return !now.isBefore(recordedAt.plus(maxAge));
    }

    public Delivery delivered(Delivery before) {
        return new Delivery(before.attempts() + 1, null, null, true);
    }
}
