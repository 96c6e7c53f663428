package dev.fleetops.bench.api;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Concurrent pollers of one URL, as operators' consoles poll an operation: each its own JDK HttpClient (HTTP/1.1,
 * keep-alive) sending one GET after another with the function key. Every answer after the warm-up is recorded: when it
 * was sent (from the start of the measurement) and how long it took.
 */
final class Pollers {
    private Pollers() {}

    /**
     * What the pollers recorded in one phase.
     *
     * @param sentAtNanos  when each request was sent, from the start of the measurement
     * @param latencyNanos how long each took, same order
     * @param seconds      how long the measurement lasted
     * @param failures     requests that got no answer or an answer other than 200 (not among the samples)
     * @param lastFailure  what the last failure was, or null
     */
    record Samples(long[] sentAtNanos, long[] latencyNanos, double seconds, long failures, String lastFailure) {
        int count() {
            return latencyNanos.length;
        }

        double perSecond() {
            return count() / seconds;
        }

        /** The {@code p}-th percentile (nearest rank) in ms; NaN without samples. */
        double percentileMillis(double p) {
            return percentile(latencyNanos, p);
        }

        double maxMillis() {
            return Arrays.stream(latencyNanos).max().orElse(0) / 1e6;
        }

        /** The percentile of the requests sent in [{@code from}, {@code to}) seconds of the measurement. */
        double percentileMillis(double p, double from, double to) {
            long lo = (long) (from * 1e9);
            long hi = (long) (to * 1e9);
            long[] in = new long[latencyNanos.length];
            int n = 0;
            for (int i = 0; i < latencyNanos.length; i++) {
                if (sentAtNanos[i] >= lo && sentAtNanos[i] < hi) {
                    in[n++] = latencyNanos[i];
                }
            }
            return percentile(Arrays.copyOf(in, n), p);
        }

        private static double percentile(long[] values, double p) {
            if (values.length == 0) {
                return Double.NaN;
            }
            long[] sorted = values.clone();
            Arrays.sort(sorted);
            int rank = (int) Math.ceil(p / 100.0 * sorted.length);
            return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))] / 1e6;
        }
    }

    /** Polls {@code url} with {@code pollers} clients for the warm-up, then records for {@code measured}. */
    static Samples run(URI url, String functionKey, int pollers, Duration warmup, Duration measured)
            throws InterruptedException {
        long start = System.nanoTime() + warmup.toNanos();
        long end = start + measured.toNanos();
        AtomicLong failures = new AtomicLong();
        String[] lastFailure = {null};
        List<Thread> threads = new ArrayList<>();
        List<long[][]> perPoller = new ArrayList<>();
        for (int i = 0; i < pollers; i++) {
            long[][] slot = new long[2][];
            perPoller.add(slot);
            Thread t = new Thread(
                    () -> poll(url, functionKey, start, end, slot, failures, lastFailure), "poller-" + (i + 1));
            t.setDaemon(true);
            threads.add(t);
        }
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join();
        }
        int total = perPoller.stream().mapToInt(s -> s[0].length).sum();
        long[] sent = new long[total];
        long[] latency = new long[total];
        int at = 0;
        for (long[][] s : perPoller) {
            System.arraycopy(s[0], 0, sent, at, s[0].length);
            System.arraycopy(s[1], 0, latency, at, s[1].length);
            at += s[0].length;
        }
        return new Samples(sent, latency, measured.toNanos() / 1e9, failures.get(), lastFailure[0]);
    }

    /** JDK HttpClients alive in this JVM: each has one selector thread, ended only once the client is collected. */
    static int liveClients() {
        return (int) Thread.getAllStackTraces().keySet().stream()
                .filter(t ->
                        t.getName().startsWith("HttpClient-") && t.getName().endsWith("-SelectorManager"))
                .count();
    }

    /**
     * Collects garbage until no more clients are alive than {@code before} (bounded): Java 17's HttpClient has no
     * close, and selector threads left behind would end in the middle of whatever runs next in this JVM (the
     * simulator smoke test counts threads).
     */
    static void awaitClientsCollected(int before) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (liveClients() > before && System.nanoTime() < deadline) {
            System.gc();
            Thread.sleep(200);
        }
    }

    private static void poll(
            URI url, String key, long start, long end, long[][] out, AtomicLong failures, String[] lastFailure) {
        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        HttpRequest request = HttpRequest.newBuilder(url)
                .timeout(Duration.ofSeconds(60))
                .header("x-functions-key", key)
                .GET()
                .build();
        long[] sent = new long[1024];
        long[] took = new long[1024];
        int n = 0;
        while (true) {
            long s = System.nanoTime();
            if (s >= end) {
                break;
            }
            try {
                HttpResponse<byte[]> r = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
                long t = System.nanoTime() - s;
                if (r.statusCode() != 200) {
                    if (s >= start) {
                        failures.incrementAndGet();
                    }
                    lastFailure[0] = "HTTP " + r.statusCode();
                } else if (s >= start) {
                    if (n == sent.length) {
                        sent = Arrays.copyOf(sent, n * 2);
                        took = Arrays.copyOf(took, n * 2);
                    }
                    sent[n] = s - start;
                    took[n++] = t;
                }
            } catch (IOException e) {
                if (s >= start) {
                    failures.incrementAndGet();
                }
                lastFailure[0] = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        out[0] = Arrays.copyOf(sent, n);
        out[1] = Arrays.copyOf(took, n);
    }
}
