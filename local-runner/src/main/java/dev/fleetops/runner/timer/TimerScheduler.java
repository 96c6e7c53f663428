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
 * Fires timer functions as the host's timer listener does (WebJobs.Extensions {@code Timers/Listener/TimerListener.cs}),
 * each timer's listener started and stopped by a {@link ListenerGate} (the singleton listener lock):
 * <ul>
 *   <li>at start, with a {@link ScheduleMonitor} (AzureWebJobsStorage set) and the monitor on, the stored status and
 *       the past-due check: a missed occurrence runs at once with {@code IsPastDue: true}. Otherwise {@code Last} and
 *       {@code LastUpdated} are {@code default(DateTime)} and {@code Next} the next occurrence. {@code runOnStartup}
 *       adds one invocation right away;</li>
 *   <li>an invocation gets the status as it was before it ran ({@code null} when the monitor is off: {@code useMonitor}
 *       false, or a schedule more frequent than once a minute, {@code TimerSchedule.ShouldDisableScheduleMonitor});</li>
 *   <li>after it, {@code Last = LastUpdated =} the time it was invoked (or {@code Next}, if it fired early) and
 *       {@code Next} the occurrence after that; the timer is set for {@code Next}, at once if that has passed. So runs
 *       of one timer never overlap, an overrun is followed by one immediate run, and further missed occurrences are
 *       skipped. With a monitor the new status is stored after each run.</li>
 * </ul>
 * Without a {@link ScheduleMonitor} the status lives in memory, so {@code IsPastDue} is always false.
 */
public final class TimerScheduler implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger("Host.Timers");

    /** A timer function with its parsed schedule and its function.json {@code useMonitor} and {@code runOnStartup}. */
    public record Timer(
            String name,
            NcrontabSchedule schedule,
            FunctionInvoker invoker,
            boolean useMonitor,
            boolean runOnStartup) {}

    /**
     * Decides when this instance runs a timer: the host wraps each timer's listener in a singleton listener lock
     * ({@code TimerListener} is {@code [Singleton(Mode = SingletonMode.Listener)]}), so across instances sharing a
     * storage account and host id one instance at a time fires it.
     */
    @FunctionalInterface
    public interface ListenerGate {
        /** Calls {@code start} when this instance may run the timer and {@code stop} when it no longer may. */
        AutoCloseable listen(String function, Runnable start, Runnable stop);

        /** No lock: every timer starts at once (no AzureWebJobsStorage). */
        ListenerGate OPEN = (function, start, stop) -> {
            start.run();
            return stop::run;
        };
    }

    private final List<Timer> timers;
    private final Clock clock;
    private final Consumer<TimerRun> listener;
    private final ScheduledExecutorService executor;
    private final ListenerGate gate;
    private final ScheduleMonitor monitorStore;
    private final List<AutoCloseable> listening = new java.util.concurrent.CopyOnWriteArrayList<>();

    public TimerScheduler(List<Timer> timers, Clock clock, Consumer<TimerRun> listener) {
        this(timers, clock, listener, ListenerGate.OPEN, null);
    }

    /**
     * @param gate         when this instance runs each timer
     * @param monitorStore where schedule statuses are kept between runs and instances; null: in memory only, so never
     *                     past due at start
     */
    public TimerScheduler(
            List<Timer> timers,
            Clock clock,
            Consumer<TimerRun> listener,
            ListenerGate gate,
            ScheduleMonitor monitorStore) {
        this.timers = List.copyOf(timers);
        this.clock = clock;
        this.listener = listener;
        this.gate = gate;
        this.monitorStore = monitorStore;
        AtomicInteger n = new AtomicInteger();
        this.executor = Executors.newScheduledThreadPool(Math.max(1, timers.size()), r -> {
            Thread t = new Thread(r, "timer-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    public void start() {
        for (Timer timer : timers) {
            Running running = new Running(timer);
            listening.add(gate.listen(timer.name(), running::begin, running::end));
        }
    }

    /** {@code ShouldDisableScheduleMonitor}: only the seconds are restricted, and the next minute holds two or more. */
    static boolean moreThanOncePerMinute(NcrontabSchedule schedule, Instant now) {
        if (schedule.restrictsAboveSeconds()) {
            return false;
        }
        Optional<Instant> first = schedule.next(now);
        Optional<Instant> second = first.flatMap(schedule::next);
        return second.isPresent() && !second.get().isAfter(now.plus(Duration.ofMinutes(1)));
    }

    /** Why a timer fires: its schedule, runOnStartup, or a past-due occurrence found at start. */
    private enum Start {
        SCHEDULED,
        ON_STARTUP,
        PAST_DUE
    }

    /** One timer's listener state; touched by one run at a time. Started and stopped by the {@link ListenerGate}. */
    private final class Running {
        private final Timer timer;
        private volatile boolean monitor;
        private volatile TimerInfoJson.Status status;
        private volatile boolean listening;
        private volatile java.util.concurrent.ScheduledFuture<?> pending;
        /** Held while the function runs: stopping waits for it, as {@code TimerListener.StopAsync} does. */
        private final java.util.concurrent.locks.ReentrantLock invocation =
                new java.util.concurrent.locks.ReentrantLock();

        Running(Timer timer) {
            this.timer = timer;
        }

        /**
         * The listener's {@code StartAsync}: with the monitor on and a store, the stored status and the past-due check
         * (a past-due timer runs at once with {@code IsPastDue}); else a status from now. Then runOnStartup, else the
         * schedule.
         */
        synchronized void begin() {
            Instant now = clock.instant();
            monitor = timer.useMonitor() && !moreThanOncePerMinute(timer.schedule(), now);
            Optional<Instant> next = timer.schedule().next(now);
            if (next.isEmpty()) {
                LOG.warning("Timer '" + timer.name() + "' (" + timer.schedule()
                        + ") has no further occurrence; it will not fire");
                return;
            }
            TimerInfoJson.Status[] stored = {null};
            boolean pastDue = false;
            if (monitor && monitorStore != null) {
                try {
                    stored[0] = monitorStore.get(timer.name()).orElse(null);
                    pastDue = !monitorStore
                            .checkPastDue(timer.name(), now, timer.schedule(), stored)
                            .isZero();
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "Reading the schedule status of '" + timer.name() + "' failed", e);
                }
            }
            status = stored[0] != null
                    ? stored[0]
                    : new TimerInfoJson.Status(TimerInfoJson.NEVER, next.get(), TimerInfoJson.NEVER);
            listening = true;
            if (pastDue) {
                pending = submit(() -> fire(Start.PAST_DUE), 0);
            } else if (timer.runOnStartup()) {
                pending = submit(() -> fire(Start.ON_STARTUP), 0);
            } else {
                schedule();
            }
        }

        /**
         * The listener's {@code StopAsync}: no further runs, and waits (up to 10 s) for one in progress, so that the
         * singleton lock is released only after it, as the SDK's {@code SingletonListener} stops its inner listener
         * before releasing.
         */
        void end() {
            synchronized (this) {
                listening = false;
                java.util.concurrent.ScheduledFuture<?> p = pending;
                if (p != null) {
                    p.cancel(false);
                }
            }
            try {
                if (invocation.tryLock(10, TimeUnit.SECONDS)) {
                    invocation.unlock();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        void schedule() {
            if (!listening) {
                return;
            }
            pending = submit(
                    () -> fire(Start.SCHEDULED),
                    Math.max(0, Duration.between(clock.instant(), status.next()).toMillis()));
        }

        void fire(Start start) {
            invocation.lock();
            try {
                fireLocked(start);
            } finally {
                invocation.unlock();
            }
        }

        private void fireLocked(Start start) {
            if (!listening) {
                return;
            }
            boolean onStartup = start != Start.SCHEDULED;
            Instant invoked = clock.instant();
            Instant scheduled = status.next();
            String timerInfo = TimerInfoJson.of(monitor ? status : null, start == Start.PAST_DUE);
            LocalExecutionContext context = LocalExecutionContext.create(timer.name());
            LOG.info("Executing 'Functions." + timer.name() + "' (Reason='"
                    + (start == Start.PAST_DUE
                            ? "Timer is past due (was due " + scheduled + ")"
                            : onStartup ? "Timer fired on startup" : "Timer fired at " + scheduled)
                    + "', Id="
                    + context.invocationId() + ")");
            Throwable failure = null;
            try {
                timer.invoker().invoke(Invocation.timer(timerInfo, context));
                LOG.info("Executed 'Functions." + timer.name() + "' (Succeeded, Id=" + context.invocationId() + ")");
            } catch (Exception e) {
                failure = e instanceof java.lang.reflect.InvocationTargetException ite && ite.getCause() != null
                        ? ite.getCause()
                        : e;
                LOG.log(
                        Level.SEVERE,
                        "Executed 'Functions." + timer.name() + "' (Failed, Id=" + context.invocationId() + ")",
                        failure);
            }
            Instant last = !onStartup && scheduled.isAfter(invoked) ? scheduled : invoked;
            Optional<Instant> next = timer.schedule().next(last);
            report(new TimerRun(
                    timer.name(), onStartup ? invoked : scheduled, invoked, clock.instant(), timerInfo, failure));
            if (next.isEmpty()) {
                LOG.warning("Timer '" + timer.name() + "' (" + timer.schedule()
                        + ") has no further occurrence; it will not fire");
                return;
            }
            status = new TimerInfoJson.Status(last, next.get(), last);
            if (monitor && monitorStore != null) {
                monitorStore.update(timer.name(), status);
            }
            schedule();
        }
    }

    private java.util.concurrent.ScheduledFuture<?> submit(Runnable run, long delayMillis) {
        try {
            return executor.schedule(run, delayMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closed) {
            return null; // shutting down
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
        for (AutoCloseable l : listening) {
            try {
                l.close();
            } catch (Exception e) {
                LOG.log(Level.WARNING, "stopping a timer listener failed", e);
            }
        }
        executor.shutdownNow();
    }
}
