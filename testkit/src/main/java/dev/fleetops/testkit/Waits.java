package dev.fleetops.testkit;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.awaitility.core.ConditionTimeoutException;

/**
 * How tests wait for something to happen: Awaitility polling a condition, first at once, then every 10 ms
 * (override with {@code pollInterval} where a poll is costly, e.g. an HTTP call), in the test's own thread,
 * failing after {@code timeout}. The timeout is a bound on a broken run, not a timing the test relies on.
 * Waiting for something <em>not</em> to happen needs a signal that it could have happened (a latch, a
 * counter, a log line), never a pause.
 */
public final class Waits {
    private static final Duration POLL = Duration.ofMillis(10);

    private Waits() {}

    /** Polls every 10 ms for at most {@code timeout}; then fails with the condition's alias or assertion. */
    public static ConditionFactory upTo(Duration timeout) {
        return Awaitility.await()
                .atMost(timeout)
                .pollDelay(Duration.ZERO)
                .pollInterval(POLL)
                .pollInSameThread();
    }

    /** As {@link #upTo(Duration)}, naming what is awaited in the failure. */
    public static ConditionFactory upTo(Duration timeout, String what) {
        return Awaitility.await(what)
                .atMost(timeout)
                .pollDelay(Duration.ZERO)
                .pollInterval(POLL)
                .pollInSameThread();
    }

    /**
     * Reads with {@code read} as {@code wait} polls until {@code done} holds for a reading, and returns it;
     * when the time is up, fails with {@code describe} of the last reading (what a test needs to see).
     */
    public static <T> T until(
            ConditionFactory wait, Callable<T> read, Predicate<? super T> done, Function<? super T, String> describe) {
        AtomicReference<T> last = new AtomicReference<>();
        try {
            return wait.until(
                    () -> {
                        T value = read.call();
                        last.set(value);
                        return value;
                    },
                    done::test);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(describe.apply(last.get()), e);
        }
    }

    /** Whether {@code condition} came to hold within {@code timeout}, for an assertion that says what it means. */
    public static boolean holdsWithin(Duration timeout, Callable<Boolean> condition) {
        try {
            upTo(timeout).until(condition);
            return true;
        } catch (ConditionTimeoutException e) {
            return false;
        }
    }
}
