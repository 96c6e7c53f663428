package dev.fleetops.bench.hub;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Phase 2: direct-method round trips through the HTTPS service API. {@code callers} threads each send a method, wait
 * for the device's answer (the hub's 200 carries it) and send the next, round-robin over the connected devices,
 * which answer at once. Calls that start during the warm-up are not counted.
 */
final class MethodPhase {

    record Result(long calls, long errors, String firstError, double seconds, Latencies latencies, int callers) {
        double perSecond() {
            return calls / seconds;
        }

        String line() {
            return String.format(
                    Locale.ROOT,
                    "direct methods: %,.0f round trips/s (%,d in %.1f s, %d callers over HTTPS), %s, %d errors%s",
                    perSecond(),
                    calls,
                    seconds,
                    callers,
                    latencies.summary(),
                    errors,
                    firstError == null ? "" : " (first: " + firstError + ")");
        }
    }

    private MethodPhase() {}

    static Result run(HubServiceApi service, List<String> deviceIds, int callers, Duration warmUp, Duration measure)
            throws InterruptedException {
        AtomicLong next = new AtomicLong();
        AtomicLong calls = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        AtomicReference<String> firstError = new AtomicReference<>();
        Latencies latencies = new Latencies();
        long measureStart = System.nanoTime() + warmUp.toNanos();
        long end = measureStart + measure.toNanos();
        Thread[] threads = new Thread[callers];
        for (int t = 0; t < callers; t++) {
            threads[t] = new Thread(
                    () -> {
                        while (System.nanoTime() < end) {
                            String id = deviceIds.get((int) (next.getAndIncrement() % deviceIds.size()));
                            long t0 = System.nanoTime();
                            String error;
                            try {
                                HubServiceApi.Reply r = service.invokeMethod(id, "reboot", "{\"delaySeconds\":0}", 30);
                                error = r.status() == 200 ? null : r.status() + " " + r.body();
                            } catch (Exception e) {
                                error = e.toString();
                            }
                            long t1 = System.nanoTime();
                            if (t0 >= measureStart && t1 <= end) {
                                if (error == null) {
                                    calls.incrementAndGet();
                                    latencies.add(t1 - t0);
                                } else {
                                    errors.incrementAndGet();
                                    firstError.compareAndSet(null, error);
                                }
                            }
                        }
                    },
                    "method-caller-" + t);
            threads[t].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        return new Result(calls.get(), errors.get(), firstError.get(), measure.toNanos() / 1e9, latencies, callers);
    }
}
