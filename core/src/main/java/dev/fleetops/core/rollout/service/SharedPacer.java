package dev.fleetops.core.rollout.service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Paces the calls of every instance that dispatches for one hub, together below its method throttle: each instance
 * claims a block of slots from the shared schedule ({@link PacerSlots}, one Table entity) and spaces its calls on
 * them, so the instances' calls interleave block by block at the hub-wide rate. A 429 pauses everyone (it is written
 * to the schedule). Blocks are short ({@link #BLOCK}), so an instance that stops sending wastes at most that much of
 * the hub's rate, and claims cost a few storage requests per second whatever the rate.
 *
 * <p>When the schedule cannot be read or written (a storage outage), an instance goes on alone at a quarter of the
 * rate ({@link #ALONE_SHARE}): up to four instances then stay under the limit without the shared state, and a storage
 * outage never stops the dispatch or counts against a device. Instances' wall clocks must agree to well under a block
 * (they do on Azure: NTP-synchronised hosts); a skew only moves an instance's slots, it does not add any.
 */
public final class SharedPacer implements MethodPacer {
    /** How much of the schedule an instance claims at a time. */
    static final Duration BLOCK = Duration.ofMillis(250);

    /** Share of the rate an instance uses on its own while the shared schedule is out of reach. */
    static final int ALONE_SHARE = 4;

    private final PacerSlots slots;
    private final double perSecond;
    private final Duration interval;
    private final int blockSlots;
    private final Clock clock;
    private final DispatchPacer.Sleeper sleeper;
    private final ThrottleBackoff backoff = new ThrottleBackoff();

    private Instant blockNext = Instant.MIN;
    private int blockLeft;
    private Instant aloneNext = Instant.MIN;
    private volatile boolean alone;

    public SharedPacer(PacerSlots slots, double perSecond, Clock clock, DispatchPacer.Sleeper sleeper) {
        if (!(perSecond > 0) || Double.isInfinite(perSecond)) {
            throw new IllegalArgumentException("'perSecond' must be positive and finite.");
        }
        this.slots = slots;
        this.perSecond = perSecond;
        this.interval = Duration.ofNanos((long) (1e9 / perSecond));
        this.blockSlots = (int) Math.max(1, Math.round(perSecond * BLOCK.toNanos() / 1e9));
        this.clock = clock;
        this.sleeper = sleeper;
    }

    /** A pacer at {@code share} of the method limit of {@code sku} with {@code units} units, shared through {@code slots}. */
    public static SharedPacer forHub(PacerSlots slots, HubSku sku, int units, double share) {
        if (!(share > 0 && share <= 1)) {
            throw new IllegalArgumentException("'share' must be in (0, 1].");
        }
        return new SharedPacer(
                slots,
                sku.methodsPerSecond(units) * share,
                Clock.systemUTC(),
                n -> Thread.sleep(n / 1_000_000, (int) (n % 1_000_000)));
    }

    @Override
    public double perSecond() {
        return perSecond;
    }

    /** Whether the last claim failed and this instance paces on its own. */
    public boolean alone() {
        return alone;
    }

    @Override
    public void acquire() throws InterruptedException {
        Instant at;
        synchronized (this) {
            Instant now = clock.instant();
            if (blockLeft > 0 && blockNext.isBefore(now.minus(interval))) {
                // Slots whose time passed unused are given up, never sent late in a bunch: no saved-up burst.
                blockLeft = 0;
            }
            if (blockLeft == 0) {
                try {
                    blockNext = slots.claim(blockSlots, interval, now);
                    blockLeft = blockSlots;
                    alone = false;
                } catch (RuntimeException unreachable) {
                    alone = true;
                }
            }
            if (alone) {
                at = aloneNext.isAfter(now) ? aloneNext : now;
                aloneNext = at.plus(interval.multipliedBy(ALONE_SHARE));
            } else {
                at = blockNext;
                blockNext = blockNext.plus(interval);
                blockLeft--;
            }
        }
        long wait = Duration.between(clock.instant(), at).toNanos();
        if (wait > 0) {
            sleeper.sleepNanos(wait);
        }
    }

    /** A 429: this instance's unused slots are given up and everyone pauses ({@link ThrottleBackoff}). */
    @Override
    public void throttled(Duration retryAfter) {
        Instant until;
        synchronized (this) {
            long now = System.nanoTime();
            long end = backoff.pauseEnd(now, retryAfter);
            until = clock.instant().plusNanos(end - now);
            blockLeft = 0;
            if (aloneNext.isBefore(until)) {
                aloneNext = until;
            }
        }
        try {
            slots.pauseUntil(until);
        } catch (RuntimeException unreachable) {
            // This instance pauses anyway: its next claim starts after the pause or it paces alone from aloneNext.
            synchronized (this) {
                alone = true;
            }
        }
    }

    @Override
    public synchronized void succeeded() {
        backoff.reset();
    }
}
