package dev.fleetops.core.rollout;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.TreeMap;

/**
 * How many devices were dispatched and how many succeeded, per second, over the last {@link #SPAN}: what the rate
 * limit ("devices started in the last minute") and the summary's rates and ETA need, kept on the operation's row so
 * that neither reads a device row. Maintained exactly like {@link Tally}: from each save's changed rows and what
 * they were before, so it counts the same thing the rows say (a device whose latest dispatch is in a second counts
 * in that second; a device that succeeded counts in the second of its last update).
 *
 * <p>Seconds older than {@link #SPAN} before the newest one are dropped; the two maps hold at most
 * {@code SPAN} seconds each, whatever the operation's size.
 *
 * @param dispatched devices per epoch second of their latest dispatch
 * @param succeeded  succeeded devices per epoch second of their last update
 */
public record Pace(NavigableMap<Long, Long> dispatched, NavigableMap<Long, Long> succeeded) {
    /** How far back the counts go: the summary's rate window. */
    public static final Duration SPAN = Duration.ofMinutes(5);

    public static final Pace EMPTY = new Pace(new TreeMap<>(), new TreeMap<>());

    public Pace {
        dispatched = Collections.unmodifiableNavigableMap(new TreeMap<>(dispatched));
        succeeded = Collections.unmodifiableNavigableMap(new TreeMap<>(succeeded));
    }

    /** Counted from rows, as at creation or for an operation stored before paces existed. */
    public static Pace of(Collection<DeviceExecution> executions) {
        TreeMap<Long, Long> d = new TreeMap<>();
        TreeMap<Long, Long> s = new TreeMap<>();
        for (DeviceExecution e : executions) {
            add(d, dispatchSecond(e), 1);
            add(s, successSecond(e), 1);
        }
        return new Pace(pruned(d), pruned(s));
    }

    /** The pace after {@code changed} replaced the rows in {@code before} (a row not in {@code before} is new). */
    public Pace apply(Map<String, DeviceExecution> before, Collection<DeviceExecution> changed) {
        TreeMap<Long, Long> d = new TreeMap<>(dispatched);
        TreeMap<Long, Long> s = new TreeMap<>(succeeded);
        for (DeviceExecution now : changed) {
            DeviceExecution was = before.get(now.deviceId());
            Long wasDispatch = was == null ? null : dispatchSecond(was);
            Long wasSuccess = was == null ? null : successSecond(was);
            if (!Objects.equals(wasDispatch, dispatchSecond(now))) {
                add(d, wasDispatch, -1);
                add(d, dispatchSecond(now), 1);
            }
            if (!Objects.equals(wasSuccess, successSecond(now))) {
                add(s, wasSuccess, -1);
                add(s, successSecond(now), 1);
            }
        }
        return new Pace(pruned(d), pruned(s));
    }

    /** Devices whose latest dispatch was in the {@code window} before {@code now} (to the second). */
    public long dispatchedWithin(Duration window, Instant now) {
        return sumSince(dispatched, window, now);
    }

    /** Devices that succeeded in the {@code window} before {@code now} (to the second). */
    public long succeededWithin(Duration window, Instant now) {
        return sumSince(succeeded, window, now);
    }

    private static long sumSince(NavigableMap<Long, Long> perSecond, Duration window, Instant now) {
        // A second counts when it is later than the second the window starts in: an event exactly one window ago
        // has left it, as with "dispatchedAt after now - window" on the rows.
        long from = now.minus(window).getEpochSecond();
        return perSecond.tailMap(from, false).values().stream()
                .mapToLong(Long::longValue)
                .sum();
    }

    private static Long dispatchSecond(DeviceExecution e) {
        return e.dispatchedAt() == null ? null : e.dispatchedAt().getEpochSecond();
    }

    private static Long successSecond(DeviceExecution e) {
        return e.state() == ExecutionState.SUCCEEDED && e.updatedAt() != null
                ? e.updatedAt().getEpochSecond()
                : null;
    }

    private static void add(TreeMap<Long, Long> m, Long second, long n) {
        if (second != null) {
            m.merge(second, n, (a, b) -> a + b == 0 ? null : a + b);
        }
    }

    private static TreeMap<Long, Long> pruned(TreeMap<Long, Long> m) {
        if (!m.isEmpty()) {
            // A negative count can only be a removal of a second already pruned: drop it with the rest.
            m.headMap(m.lastKey() - SPAN.toSeconds(), true).clear();
            m.values().removeIf(n -> n <= 0);
        }
        return m;
    }
}
