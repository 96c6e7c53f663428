package dev.fleetops.bench.hub;

import dev.fleetops.bench.wire.WireDevice;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Phase 3: reported-property patches over MQTT, as devices send them. Each of {@code patchers} devices sends a patch,
 * waits for the hub's {@code $iothub/twin/res/204} (sent only after the twin's write-ahead-log line is fsync'd) and
 * sends the next. Patches that start during the warm-up are not counted.
 */
final class TwinPatchPhase {

    record Result(long patches, long errors, String firstError, double seconds, Latencies latencies, int patchers) {
        double perSecond() {
            return patches / seconds;
        }

        String line() {
            return String.format(
                    Locale.ROOT,
                    "twin patches: %,.0f acknowledged reported patches/s (%,d in %.1f s, %d devices each waiting for its 204), %s, %d errors%s",
                    perSecond(),
                    patches,
                    seconds,
                    patchers,
                    latencies.summary(),
                    errors,
                    firstError == null ? "" : " (first: " + firstError + ")");
        }
    }

    private TwinPatchPhase() {}

    static Result run(List<WireDevice> devices, Duration warmUp, Duration measure) throws InterruptedException {
        long measureStart = System.nanoTime() + warmUp.toNanos();
        Loop loop = new Loop(measureStart, measureStart + measure.toNanos(), devices.size());
        devices.forEach(loop::next);
        if (!loop.done.await(measure.plus(warmUp).toSeconds() + 60, TimeUnit.SECONDS)) {
            loop.firstError.compareAndSet(null, "some devices never got an answer");
        }
        return new Result(
                loop.patches.get(),
                loop.errors.get(),
                loop.firstError.get(),
                measure.toNanos() / 1e9,
                loop.latencies,
                devices.size());
    }

    /** Every device's send → acknowledge → send chain; callbacks run on the devices' event loops. */
    private static final class Loop {
        final long measureStart;
        final long end;
        final CountDownLatch done;
        final AtomicLong patches = new AtomicLong();
        final AtomicLong errors = new AtomicLong();
        final AtomicLong sequence = new AtomicLong();
        final AtomicReference<String> firstError = new AtomicReference<>();
        final Latencies latencies = new Latencies();

        Loop(long measureStart, long end, int devices) {
            this.measureStart = measureStart;
            this.end = end;
            this.done = new CountDownLatch(devices);
        }

        void next(WireDevice d) {
            if (System.nanoTime() >= end) {
                done.countDown();
                return;
            }
            long t0 = System.nanoTime();
            d.reportProperties("{\"bench\":{\"seq\":" + sequence.incrementAndGet() + "}}")
                    .whenComplete((status, error) -> {
                        long t1 = System.nanoTime();
                        boolean counted = t0 >= measureStart && t1 <= end;
                        if (error == null && status == 204) {
                            if (counted) {
                                patches.incrementAndGet();
                                latencies.add(t1 - t0);
                            }
                            next(d);
                        } else {
                            errors.incrementAndGet();
                            firstError.compareAndSet(
                                    null,
                                    d.deviceId() + ": " + (error != null ? error.toString() : "status " + status));
                            done.countDown(); // this device stops: a dead connection would otherwise spin
                        }
                    });
        }
    }
}
