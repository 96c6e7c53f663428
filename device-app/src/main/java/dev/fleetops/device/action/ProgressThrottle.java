package dev.fleetops.device.action;

import java.time.Clock;
import java.time.Duration;
import java.util.function.BiConsumer;

/**
 * Decides when download progress is worth a report: when the percentage has moved by at least
 * {@code percentStep} since the last report, or {@code interval} has passed (the only trigger when the
 * size is unknown). The first chunk never triggers a report; the caller reports start and end itself.
 */
public final class ProgressThrottle implements DownloadProgress {
    private final Clock clock;
    private final Duration interval;
    private final int percentStep;
    private final BiConsumer<Long, Long> sink;
    private java.util.function.BooleanSupplier stop =
            () -> Thread.currentThread().isInterrupted();
    private long lastAt;
    private int lastPercent = -1;

    public ProgressThrottle(Clock clock, Duration interval, int percentStep, BiConsumer<Long, Long> sink) {
        this.clock = clock;
        this.interval = interval;
        this.percentStep = percentStep;
        this.sink = sink;
        this.lastAt = clock.millis();
    }

    /** Also pause the download when {@code stop} says so. */
    public ProgressThrottle stopWhen(java.util.function.BooleanSupplier s) {
        java.util.function.BooleanSupplier interrupted =
                () -> Thread.currentThread().isInterrupted();
        this.stop = () -> s.getAsBoolean() || interrupted.getAsBoolean();
        return this;
    }

    @Override
    public boolean stopped() {
        return stop.getAsBoolean();
    }

    public static int percent(long bytes, Long total) {
        if (total == null || total <= 0) {
            return -1;
        }
        return (int) Math.min(100, bytes * 100 / total);
    }

    @Override
    public boolean due(long bytes, Long total) {
        int p = percent(bytes, total);
        if (lastPercent < 0 && p >= 0) {
            lastPercent = 0;
        }
        boolean byPercent = p >= 0 && p - lastPercent >= percentStep;
        boolean byTime = clock.millis() - lastAt >= interval.toMillis();
        return byPercent || byTime;
    }

    @Override
    public void reached(long bytes, Long total) {
        lastAt = clock.millis();
        int p = percent(bytes, total);
        if (p >= 0) {
            lastPercent = p;
        }
        sink.accept(bytes, total);
    }
}
