package dev.fleetops.runner.timer;

import dev.fleetops.runner.app.FunctionInvoker;
import dev.fleetops.runner.app.Invocation;
import dev.fleetops.runner.app.LocalExecutionContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Fires timer functions at their schedule's occurrences. A timer's next run is planned only after its
 * current run ends, so runs of one timer never overlap; occurrences missed meanwhile are skipped, not
 * queued, and {@code IsPastDue} is always false. Each run is logged and reported to the listener.
 */
public final class TimerScheduler implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger("Host.Timers");
    /** What the Java worker passes to a String {@code @TimerTrigger} parameter (no schedule monitor locally). */
    static final String TIMER_INFO = "{\"Schedule\":{\"AdjustForDST\":true},\"ScheduleStatus\":null,\"IsPastDue\":false}";

    /** A timer function with its parsed schedule. */
    public record Timer(String name, NcrontabSchedule schedule, FunctionInvoker invoker) {
    }

    private final List<Timer> timers;
    private final Clock clock;
    private final Consumer<TimerRun> listener;
    private final ScheduledExecutorService executor;

    public TimerScheduler(List<Timer> timers, Clock clock, Consumer<TimerRun> listener) {
        this.timers = List.copyOf(timers);
        this.clock = clock;
        this.listener = listener;
        AtomicInteger n = new AtomicInteger();
        this.executor = Executors.newScheduledThreadPool(Math.max(1, timers.size()), r -> {
            Thread t = new Thread(r, "timer-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    public void start() {
        Instant now = clock.instant();
        timers.forEach(t -> scheduleAfter(t, now));
    }

    private void scheduleAfter(Timer timer, Instant after) {
        Optional<Instant> next = timer.schedule().next(after);
        if (next.isEmpty()) {
            LOG.warning("Timer '" + timer.name() + "' (" + timer.schedule() + ") has no further occurrence; it will not fire");
            return;
        }
        long delay = Math.max(0, Duration.between(clock.instant(), next.get()).toMillis());
        try {
            executor.schedule(() -> fire(timer, next.get()), delay, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closed) {
            // shutting down
        }
    }

    private void fire(Timer timer, Instant scheduled) {
        LocalExecutionContext context = LocalExecutionContext.create(timer.name());
        LOG.info("Executing 'Functions." + timer.name() + "' (Reason='Timer fired at " + scheduled + "', Id="
                + context.invocationId() + ")");
        Exception failure = null;
        try {
            timer.invoker().invoke(Invocation.timer(TIMER_INFO, context));
            LOG.info("Executed 'Functions." + timer.name() + "' (Succeeded, Id=" + context.invocationId() + ")");
        } catch (Exception e) {
            failure = e;
            LOG.log(Level.SEVERE, "Executed 'Functions." + timer.name() + "' (Failed, Id=" + context.invocationId() + ")", e);
        } finally {
            Instant now = clock.instant();
            report(new TimerRun(timer.name(), scheduled, now, failure));
            scheduleAfter(timer, now.isAfter(scheduled) ? now : scheduled);
        }
    }

    private void report(TimerRun run) {
        try {
            listener.accept(run);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "timer listener failed", e);
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
