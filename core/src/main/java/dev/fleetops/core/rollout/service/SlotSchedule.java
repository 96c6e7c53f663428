package dev.fleetops.core.rollout.service;

import java.time.Duration;
import java.time.Instant;

/**
 * The hub-wide call schedule as data: the first slot nobody has claimed yet, and the end of the last 429 pause. A
 * claim of n slots takes the n slots from there (or from now, when the schedule lies in the past: no saved-up burst),
 * so however many instances claim, the slots they get are {@code interval} apart and their calls together stay at
 * the rate. A virtual-clock token bucket (GCRA) with a burst of one claim.
 *
 * @param nextFree    the first slot not yet claimed
 * @param pausedUntil no slot starts before this (a 429 pause); {@link Instant#MIN} when none
 */
public record SlotSchedule(Instant nextFree, Instant pausedUntil) {
    public static final SlotSchedule EMPTY = new SlotSchedule(Instant.MIN, Instant.MIN);

    /** A claim: when its first slot is, and the schedule after it. */
    public record Claim(Instant first, SlotSchedule schedule) {}

    public Claim claim(int slots, Duration interval, Instant now) {
        if (slots < 1) {
            throw new IllegalArgumentException("'slots' must be at least 1.");
        }
        Instant first = latest(latest(now, nextFree), pausedUntil);
        return new Claim(first, new SlotSchedule(first.plus(interval.multipliedBy(slots)), pausedUntil));
    }

    public SlotSchedule pausedUntil(Instant until) {
        return new SlotSchedule(latest(nextFree, until), latest(pausedUntil, until));
    }

    private static Instant latest(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
