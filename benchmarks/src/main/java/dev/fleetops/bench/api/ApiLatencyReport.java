package dev.fleetops.bench.api;

import dev.fleetops.bench.LineChart;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The benchmark's table, CSV (per 5-second bucket) and SVG curves (docs/images/api-latency.svg), from the figures. */
final class ApiLatencyReport {
    /** Width of one point of the curves, in seconds of the measurement. */
    static final int BUCKET_SECONDS = 5;

    private ApiLatencyReport() {}

    static String table(ApiLatencyBenchmark.Result r) {
        ApiLatencyOptions o = r.options();
        StringBuilder b = new StringBuilder(String.format(
                Locale.ROOT,
                "GET /api/operations/{id}: %d pollers, %d s measured after %d s warm-up per phase; %,d-device reboot"
                        + " operation, %,d devices connected, hub %s x%d, ROLLOUT_SCHEDULE %s; %s%n%n",
                o.pollers(),
                o.seconds(),
                o.warmupSeconds(),
                o.devices(),
                o.connected(),
                o.sku(),
                o.units(),
                o.schedule(),
                r.conditions()));
        b.append("| phase | answers | requests/s | p50 | p95 | p99 | max | failed | ticks ended | calls to connected"
                + " devices | devices out of the queue at the end |\n");
        b.append("|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (ApiLatencyBenchmark.Phase p : List.of(r.idle(), r.rollout())) {
            Pollers.Samples s = p.samples();
            b.append(String.format(
                    Locale.ROOT,
                    "| %s | %,d | %.0f | %.1f ms | %.1f ms | %.1f ms | %.0f ms | %d | %d | %,d (%.0f/s) | %,d |%n",
                    p.name(),
                    s.count(),
                    s.perSecond(),
                    s.percentileMillis(50),
                    s.percentileMillis(95),
                    s.percentileMillis(99),
                    s.maxMillis(),
                    s.failures(),
                    p.ticks(),
                    p.calls(),
                    p.progressSeconds() > 0 ? p.calls() / p.progressSeconds() : 0.0,
                    p.progress().isEmpty()
                            ? 0
                            : p.progress().get(p.progress().size() - 1).leftQueue()));
        }
        b.append(String.format(
                Locale.ROOT,
                "| **during / idle** | | %.2fx | **%.2fx** | %.2fx | **%.2fx** | %.2fx | | | | |%n",
                r.rollout().samples().perSecond() / r.idle().samples().perSecond(),
                r.ratio(50),
                r.ratio(95),
                r.ratio(99),
                r.rollout().samples().maxMillis() / r.idle().samples().maxMillis()));
        return b.toString();
    }

    /** Per phase and 5-second bucket: answers, p50 and p99, and devices called so far in the window. */
    static String csv(ApiLatencyBenchmark.Result r) {
        StringBuilder b = new StringBuilder("phase,bucket_start_s,answers,p50_ms,p99_ms,calls_to_connected\n");
        for (ApiLatencyBenchmark.Phase p : List.of(r.idle(), r.rollout())) {
            for (Bucket k : buckets(p)) {
                b.append(String.format(
                        Locale.ROOT,
                        "%s,%d,%d,%.2f,%.2f,%d%n",
                        p.name().replace(' ', '-'),
                        k.start(),
                        k.answers(),
                        k.p50(),
                        k.p99(),
                        k.calls()));
            }
        }
        return b.toString();
    }

    /** One bucket of the curves; {@code calls} since the measurement began, -1 when no progress reading fell in it. */
    record Bucket(int start, int answers, double p50, double p99, long calls) {}

    static List<Bucket> buckets(ApiLatencyBenchmark.Phase p) {
        List<Bucket> out = new ArrayList<>();
        int seconds = (int) Math.round(p.samples().seconds());
        long base = p.progress().isEmpty() ? 0 : p.progress().get(0).calls();
        for (int start = 0; start < seconds; start += BUCKET_SECONDS) {
            int end = Math.min(seconds, start + BUCKET_SECONDS);
            int answers = 0;
            for (long at : p.samples().sentAtNanos()) {
                if (at >= start * 1_000_000_000L && at < end * 1_000_000_000L) {
                    answers++;
                }
            }
            long called = -1;
            for (ApiLatencyBenchmark.Progress g : p.progress()) {
                if (g.atSeconds() <= end + 0.5) {
                    called = g.calls() - base;
                }
            }
            out.add(new Bucket(
                    start,
                    answers,
                    p.samples().percentileMillis(50, start, end),
                    p.samples().percentileMillis(99, start, end),
                    called));
        }
        return out;
    }

    /**
     * Left: p50 and p99 per 5-second bucket, during the rollout and idle (log scale: p50 and p99 are far apart). Right:
     * the direct methods the connected devices received in the same window (the idle phase's stays at 0), so a reader
     * sees the rollout was running.
     */
    static String svg(ApiLatencyBenchmark.Result r) {
        List<Bucket> idle = buckets(r.idle());
        List<Bucket> during = buckets(r.rollout());
        String n = String.format(Locale.ROOT, "%,d", r.options().devices());
        return LineChart.svg(List.of(
                new LineChart.Panel(
                        "GET /api/operations/{id}, " + r.options().pollers() + " pollers: latency (ms)",
                        "seconds into the measurement (" + BUCKET_SECONDS + "-second buckets)",
                        LineChart.Scale.LINEAR,
                        LineChart.Scale.LOG,
                        List.of(
                                series(
                                        "p99 during the " + n + "-device rollout",
                                        "#d1242f",
                                        false,
                                        during,
                                        Bucket::p99),
                                series("p50 during the rollout", "#fb8f44", false, during, Bucket::p50),
                                series("p99 idle (operation paused)", "#1f6feb", true, idle, Bucket::p99),
                                series("p50 idle", "#54aeff", true, idle, Bucket::p50))),
                new LineChart.Panel(
                        "Calls to the "
                                + String.format(Locale.ROOT, "%,d", r.options().connected())
                                + " connected devices meanwhile",
                        "seconds into the measurement",
                        LineChart.Scale.LINEAR,
                        LineChart.Scale.LINEAR,
                        List.of(
                                called("during the rollout", "#d1242f", false, r.rollout()),
                                called("idle (operation paused)", "#1f6feb", true, r.idle())))));
    }

    /** Calls to connected devices since the phase's first progress reading, at each reading. */
    private static LineChart.Series called(String label, String color, boolean dashed, ApiLatencyBenchmark.Phase p) {
        long base = p.progress().isEmpty() ? 0 : p.progress().get(0).calls();
        return new LineChart.Series(
                label,
                color,
                dashed,
                p.progress().stream()
                        .map(g -> new double[] {g.atSeconds(), g.calls() - base})
                        .toList());
    }

    private static LineChart.Series series(
            String label,
            String color,
            boolean dashed,
            List<Bucket> buckets,
            java.util.function.ToDoubleFunction<Bucket> value) {
        return new LineChart.Series(
                label,
                color,
                dashed,
                buckets.stream()
                        .map(k -> new double[] {k.start() + BUCKET_SECONDS / 2.0, value.applyAsDouble(k)})
                        .toList());
    }

    /** Writes the CSV and the SVG to {@code out}, and the SVG to {@code plot} too when given; the SVG's path. */
    static Path write(ApiLatencyBenchmark.Result r, Path out, Path plot) throws IOException {
        Files.createDirectories(out);
        Files.writeString(out.resolve("api-latency.csv"), csv(r));
        String svg = svg(r);
        Path file = out.resolve("api-latency.svg");
        Files.writeString(file, svg);
        if (plot != null) {
            if (plot.toAbsolutePath().getParent() != null) {
                Files.createDirectories(plot.toAbsolutePath().getParent());
            }
            Files.writeString(plot, svg);
            return plot;
        }
        return file;
    }
}
