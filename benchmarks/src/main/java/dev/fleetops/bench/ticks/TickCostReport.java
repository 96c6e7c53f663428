package dev.fleetops.bench.ticks;

import dev.fleetops.bench.LineChart;
import java.util.List;
import java.util.Locale;

/** The benchmark's table, CSV and the SVG curves in docs/performance.md (drawn from the figures, never by hand). */
final class TickCostReport {
    private TickCostReport() {}

    static String table(List<TickCostBenchmark.Result> results) {
        StringBuilder b = new StringBuilder(
                "| devices | first tick | tick (median) | Table requests / tick | ms per Table request | started / tick | heap after GC | one whole read |\n"
                        + "|---|---|---|---|---|---|---|---|\n");
        for (TickCostBenchmark.Result r : results) {
            b.append(String.format(
                    Locale.ROOT,
                    "| %,d | %.0f ms | %.0f ms | %.0f | %.1f | %.0f | %.1f MiB | %s |%n",
                    r.devices(),
                    r.firstTickMs(),
                    r.tickMs(),
                    r.tableRequestsPerTick(),
                    r.msPerTableRequest(),
                    r.rowsStartedPerTick(),
                    r.heapAfterGcBytes() / 1048576.0,
                    Double.isNaN(r.fullReadMs())
                            ? "—"
                            : String.format(
                                    Locale.ROOT, "%.0f ms, %d requests", r.fullReadMs(), r.fullReadRequests())));
        }
        return b.toString();
    }

    static String csv(List<TickCostBenchmark.Result> results) {
        StringBuilder b = new StringBuilder(
                "devices,create_s,first_tick_ms,tick_ms,table_requests_per_tick,ms_per_table_request,started_per_tick,heap_after_gc_mib,full_read_ms,full_read_requests\n");
        for (TickCostBenchmark.Result r : results) {
            b.append(String.format(
                    Locale.ROOT,
                    "%d,%.1f,%.1f,%.1f,%.1f,%.2f,%.0f,%.1f,%.1f,%d%n",
                    r.devices(),
                    r.create().toMillis() / 1000.0,
                    r.firstTickMs(),
                    r.tickMs(),
                    r.tableRequestsPerTick(),
                    r.msPerTableRequest(),
                    r.rowsStartedPerTick(),
                    r.heapAfterGcBytes() / 1048576.0,
                    r.fullReadMs(),
                    r.fullReadRequests()));
        }
        return b.toString();
    }

    /** Results read back from {@link #csv} files: sizes measured in separate runs (a fresh Azurite each) plotted together. */
    static List<TickCostBenchmark.Result> fromCsv(String csv) {
        List<TickCostBenchmark.Result> out = new java.util.ArrayList<>();
        for (String line : csv.split("\\R")) {
            if (line.isBlank() || line.startsWith("devices,")) {
                continue;
            }
            String[] f = line.split(",");
            out.add(new TickCostBenchmark.Result(
                    Integer.parseInt(f[0]),
                    java.time.Duration.ofMillis(Math.round(Double.parseDouble(f[1]) * 1000)),
                    Double.parseDouble(f[2]),
                    Double.parseDouble(f[3]),
                    Double.parseDouble(f[4]),
                    Double.parseDouble(f[6]),
                    Double.parseDouble(f[5]),
                    Math.round(Double.parseDouble(f[7]) * 1048576.0),
                    Double.parseDouble(f[8]),
                    Long.parseLong(f[9])));
        }
        return out;
    }

    /**
     * Two panels on log-log axes against operation size: tick wall time (and one whole read, what a tick cost before),
     * and Table requests per tick (and per whole read).
     */
    static String svg(List<TickCostBenchmark.Result> results) {
        return LineChart.svg(List.of(
                new LineChart.Panel(
                        "Tick wall time (ms) vs operation size",
                        "devices in the operation",
                        LineChart.Scale.LOG,
                        LineChart.Scale.LOG,
                        List.of(
                                series(results, "tick (median)", "#1f6feb", TickCostBenchmark.Result::tickMs),
                                series(
                                        results,
                                        "one whole read (every tick, before)",
                                        "#d1242f",
                                        TickCostBenchmark.Result::fullReadMs),
                                series(
                                        results,
                                        "ms per Table request (Azurite scans its table)",
                                        "#8250df",
                                        TickCostBenchmark.Result::msPerTableRequest))),
                new LineChart.Panel(
                        "Table requests per tick vs operation size",
                        "devices in the operation",
                        LineChart.Scale.LOG,
                        LineChart.Scale.LOG,
                        List.of(
                                series(
                                        results,
                                        "tick (median)",
                                        "#1f6feb",
                                        TickCostBenchmark.Result::tableRequestsPerTick),
                                series(
                                        results,
                                        "one whole read (every tick, before)",
                                        "#d1242f",
                                        r -> Double.isNaN(r.fullReadMs())
                                                ? Double.NaN
                                                : (double) r.fullReadRequests())))));
    }

    /** One curve against operation size (NaN: no point). */
    private static LineChart.Series series(
            List<TickCostBenchmark.Result> results,
            String label,
            String color,
            java.util.function.ToDoubleFunction<TickCostBenchmark.Result> value) {
        return new LineChart.Series(
                label,
                color,
                false,
                results.stream()
                        .map(r -> new double[] {r.devices(), value.applyAsDouble(r)})
                        .toList());
    }
}
