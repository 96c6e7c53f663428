package dev.fleetops.core.rollout.service;

import java.time.Duration;
import java.time.Instant;

/**
 * Port: the hub-wide schedule of direct-method calls that every dispatching instance shares ({@link SharedPacer}).
 * Implementations: a Table Storage entity updated under its etag (functions {@code storage/TablePacerSlots}) and an
 * in-memory one for tests and a single process.
 */
public interface PacerSlots {
    /**
     * Claims {@code slots} consecutive call slots {@code interval} apart, the first no earlier than {@code now}, after
     * every slot claimed before and after any pause ({@link SlotSchedule#claim}).
     *
     * @return when the first claimed slot is
     * @throws RuntimeException when the shared schedule cannot be read or written (the caller paces on its own)
     */
    Instant claim(int slots, Duration interval, Instant now);

    /** Nobody's slots start before {@code until} (the hub answered 429). */
    void pauseUntil(Instant until);

    /** One process's schedule. */
    final class InMemory implements PacerSlots {
        private SlotSchedule schedule = SlotSchedule.EMPTY;

        @Override
        public synchronized Instant claim(int slots, Duration interval, Instant now) {
            SlotSchedule.Claim c = schedule.claim(slots, interval, now);
            schedule = c.schedule();
            return c.first();
        }

        @Override
        public synchronized void pauseUntil(Instant until) {
            schedule = schedule.pausedUntil(until);
        }
    }
}
