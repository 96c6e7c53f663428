package dev.fleetops.testkit;

import java.time.Duration;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;

/**
 * How tests wait for something to happen: Awaitility polling a condition, first at once, then every 10 ms
 * (override with {@code pollInterval} where a poll is costly, e.g. an HTTP call), in the test's own thread,
 * failing after {@code timeout}. The timeout is a bound on a broken run, not a timing the test relies on.
 * Waiting for something <em>not</em> to happen needs a signal that it could have happened (a latch, a
 * counter, a log line), never a pause.
 */
public final class Waits {
    private static final Duration POLL = Duration.ofMillis(10);

    private Waits() {
    }

    /** Polls every 10 ms for at most {@code timeout}; then fails with the condition's alias or assertion. */
    public static ConditionFactory upTo(Duration timeout) {
        return Awaitility.await().atMost(timeout).pollDelay(Duration.ZERO).pollInterval(POLL).pollInSameThread();
    }

    /** As {@link #upTo(Duration)}, naming what is awaited in the failure. */
    public static ConditionFactory upTo(Duration timeout, String what) {
        return Awaitility.await(what).atMost(timeout).pollDelay(Duration.ZERO).pollInterval(POLL).pollInSameThread();
    }
}
