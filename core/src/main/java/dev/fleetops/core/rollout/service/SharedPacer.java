package dev.fleetops.core.rollout.service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Paces the calls of every instance that dispatches for one hub, together below its method throttle: each instance
 * claims a block of slots from the shared schedule ({@link PacerSlots}, one Table entity) and spaces its calls on
 * them, so the instances' calls interleave block by block at the hub-wide rate. A 429 pauses everyone (it is written
 * to the schedule). Blocks are short ({@link #BLOCK}, longer when claims are slow), so an instance that stops sending
 * wastes at most that much of the hub's rate, and claims cost a few storage requests per second whatever the rate.
 * A claim takes only as many slots as callers wait for: slots an instance claims are used at once, never held back
 * from instances that could use them.
 *
 * <p>When the schedule cannot be read or written (a storage outage), an instance goes on alone at a quarter of the
 * rate ({@link #ALONE_SHARE}): up to four instances then stay under the limit without the shared state, and a storage
 * outage never stops the dispatch or counts against a device. Instances' wall clocks must agree to well under a block
 * (they do on Azure: NTP-synchronised hosts); a skew only moves an instance's slots, it does not add any.
 */
public final class SharedPacer implements MethodPacer {
    /** How much of the schedule an instance claims at a time, at least. */
    static final Duration BLOCK = Duration.ofMillis(250);

    /** How much it claims at most, however slow the schedule is to reach. */
    static final Duration MAX_BLOCK = Duration.ofSeconds(5);

    /**
     * A block lasts at least this many claims' time: a claim is a read and a conditional write of one entity, a few
     * milliseconds on Azure and much more on a busy emulator, and an instance that claimed blocks shorter than a claim
     * would spend its time claiming.
     */
    static final int CLAIMS_PER_BLOCK = 4;

    /** Share of the rate an instance uses on its own while the shared schedule is out of reach. */
    static final int ALONE_SHARE = 4;

    private final PacerSlots slots;
    private final double perSecond;
    private final Duration interval;
    private final Clock clock;
    private final DispatchPacer.Sleeper sleeper;
    private final ThrottleBackoff backoff = new ThrottleBackoff();
    /** Callers in {@link #acquire} now, counted before they queue for the lock: what the next claim is sized by. */
    private final java.util.concurrent.atomic.AtomicInteger callers = new java.util.concurrent.atomic.AtomicInteger();

    private Instant blockNext = Instant.MIN;
    private int blockLeft;
    private Instant aloneNext = Instant.MIN;
    private Instant aloneSince = Instant.MIN;
    private volatile boolean alone;
    /** How long a claim takes, learned (each claim weighs a quarter). */
    private volatile long claimNanos = Duration.ofMillis(20).toNanos();

    /** Slots claimed: the first, and how many. */
    private record Block(Instant first, int slots) {}

    public SharedPacer(PacerSlots slots, double perSecond, Clock clock, DispatchPacer.Sleeper sleeper) {
        if (!(perSecond > 0) || Double.isInfinite(perSecond)) {
            throw new IllegalArgumentException("'perSecond' must be positive and finite.");
        }
        this.slots = slots;
        this.perSecond = perSecond;
        this.interval = Duration.ofNanos((long) (1e9 / perSecond));
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

    /** Slots per claim at most: {@link #BLOCK}, or {@link #CLAIMS_PER_BLOCK} claims' time when claims are slow. */
    int blockSlots() {
        long nanos = Math.min(MAX_BLOCK.toNanos(), Math.max(BLOCK.toNanos(), CLAIMS_PER_BLOCK * claimNanos));
        return (int) Math.max(1, Math.round(perSecond * nanos / 1e9));
    }

    /**
     * Claims as many slots as callers wait now (at most {@link #blockSlots}), starting once the claim is back: every slot
     * claimed has a caller ready for it, so an instance whose calls are fewer than the hub's rate does not hold back
     * slots it cannot use, and the other instances get them.
     */
    private Block claim(Instant notBefore) {
        long started = System.nanoTime();
        int n = Math.max(1, Math.min(blockSlots(), callers.get()));
        Instant earliest = clock.instant().plusNanos(claimNanos);
        Instant first = slots.claim(n, interval, earliest.isAfter(notBefore) ? earliest : notBefore);
        long took = System.nanoTime() - started;
        claimNanos = (3 * claimNanos + took) / 4;
        return new Block(first, n);
    }

    @Override
    public void acquire() throws InterruptedException {
        Instant at;
        callers.incrementAndGet();
        try {
            synchronized (this) {
                at = nextSlot();
            }
        } finally {
            callers.decrementAndGet();
        }
        long wait = Duration.between(clock.instant(), at).toNanos();
        if (wait > 0) {
            sleeper.sleepNanos(wait);
        }
    }

    private Instant nextSlot() {
        Instant now = clock.instant();
        dropPastSlots(now);
        if (blockLeft == 0 && !aloneNow()) {
            try {
                Block b = claim(now);
                blockNext = b.first();
                blockLeft = b.slots();
                alone = false;
                dropPastSlots(clock.instant());
            } catch (RuntimeException unreachable) {
                alone = true;
                aloneSince = now;
            }
        }
        if (blockLeft == 0) {
            Instant at = aloneNext.isAfter(now) ? aloneNext : now;
            aloneNext = at.plus(interval.multipliedBy(ALONE_SHARE));
            return at;
        }
        Instant at = blockNext;
        blockNext = blockNext.plus(interval);
        blockLeft--;
        return at;
    }

    /** After a failed claim, the instance paces alone for a second before it tries the schedule again. */
    private boolean aloneNow() {
        return alone && clock.instant().isBefore(aloneSince.plusSeconds(1));
    }

    /** Slots whose time passed unused are given up, never sent late in a bunch: no saved-up burst. */
    private void dropPastSlots(Instant now) {
        Instant stale = now.minus(interval);
        while (blockLeft > 0 && blockNext.isBefore(stale)) {
            blockNext = blockNext.plus(interval);
            blockLeft--;
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
