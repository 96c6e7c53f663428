package dev.fleetops.bench.ticks;

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

    private static final int W = 640;
    private static final int H = 360;
    private static final int LEFT = 70;
    private static final int RIGHT = 20;
    private static final int TOP = 40;
    private static final int BOTTOM = 50;

    /**
     * Two panels on log-log axes against operation size: tick wall time (and one whole read, what a tick cost before),
     * and Table requests per tick (and per whole read).
     */
    static String svg(List<TickCostBenchmark.Result> results) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(
                Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"12\">%n",
                W * 2,
                H));
        b.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        panel(
                b,
                0,
                "Tick wall time (ms) vs operation size",
                results,
                List.of(
                        new Series("tick (median)", "#1f6feb", TickCostBenchmark.Result::tickMs),
                        new Series(
                                "one whole read (every tick, before)", "#d1242f", TickCostBenchmark.Result::fullReadMs),
                        new Series(
                                "ms per Table request (Azurite scans its table)",
                                "#8250df",
                                TickCostBenchmark.Result::msPerTableRequest)));
        panel(
                b,
                W,
                "Table requests per tick vs operation size",
                results,
                List.of(
                        new Series("tick (median)", "#1f6feb", TickCostBenchmark.Result::tableRequestsPerTick),
                        new Series(
                                "one whole read (every tick, before)",
                                "#d1242f",
                                r -> Double.isNaN(r.fullReadMs()) ? Double.NaN : (double) r.fullReadRequests())));
        b.append("</svg>\n");
        return b.toString();
    }

    private static void panel(
            StringBuilder b, int x0, String title, List<TickCostBenchmark.Result> results, List<Series> series) {
        double minX = results.stream()
                .mapToDouble(TickCostBenchmark.Result::devices)
                .min()
                .orElse(1);
        double maxX = results.stream()
                .mapToDouble(TickCostBenchmark.Result::devices)
                .max()
                .orElse(10);
        double maxY = 1;
        double minY = Double.MAX_VALUE;
        for (TickCostBenchmark.Result r : results) {
            for (double v : series.stream()
                    .mapToDouble(one -> one.value().applyAsDouble(r))
                    .toArray()) {
                if (!Double.isNaN(v) && v > 0) {
                    maxY = Math.max(maxY, v);
                    minY = Math.min(minY, v);
                }
            }
        }
        double loX = Math.floor(Math.log10(minX));
        double hiX = Math.max(loX + 1, Math.ceil(Math.log10(maxX)));
        double loY = Math.floor(Math.log10(minY == Double.MAX_VALUE ? 1 : minY));
        double hiY = Math.max(loY + 1, Math.ceil(Math.log10(maxY)));
        int pw = W - LEFT - RIGHT;
        int ph = H - TOP - BOTTOM;
        java.util.function.DoubleUnaryOperator px = v -> x0 + LEFT + (Math.log10(v) - loX) / (hiX - loX) * pw;
        java.util.function.DoubleUnaryOperator py = v -> TOP + ph - (Math.log10(v) - loY) / (hiY - loY) * ph;
        b.append(String.format(
                Locale.ROOT, "<text x=\"%d\" y=\"20\" font-weight=\"bold\">%s</text>%n", x0 + LEFT, title));
        b.append(String.format(
                Locale.ROOT,
                "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#999\"/>%n",
                x0 + LEFT,
                TOP,
                pw,
                ph));
        for (double e = loX; e <= hiX; e++) {
            double x = px.applyAsDouble(Math.pow(10, e));
            b.append(String.format(
                    Locale.ROOT,
                    "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#eee\"/><text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>%n",
                    x,
                    TOP,
                    x,
                    TOP + ph,
                    x,
                    TOP + ph + 16,
                    label(Math.pow(10, e))));
        }
        for (double e = loY; e <= hiY; e++) {
            double y = py.applyAsDouble(Math.pow(10, e));
            b.append(String.format(
                    Locale.ROOT,
                    "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#eee\"/><text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n",
                    x0 + LEFT,
                    y,
                    x0 + LEFT + pw,
                    y,
                    x0 + LEFT - 6,
                    y + 4,
                    label(Math.pow(10, e))));
        }
        b.append(String.format(
                Locale.ROOT,
                "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">devices in the operation</text>%n",
                x0 + LEFT + pw / 2,
                H - 10));
        for (int i = 0; i < series.size(); i++) {
            Series one = series.get(i);
            line(b, results, one.value(), px, py, one.color(), one.label(), x0 + LEFT + 10, TOP + 16 + 16 * i);
        }
    }

    /** One curve: its legend, colour and value per result (NaN: no point). */
    private record Series(
            String label, String color, java.util.function.ToDoubleFunction<TickCostBenchmark.Result> value) {}

    private static void line(
            StringBuilder b,
            List<TickCostBenchmark.Result> results,
            java.util.function.ToDoubleFunction<TickCostBenchmark.Result> f,
            java.util.function.DoubleUnaryOperator px,
            java.util.function.DoubleUnaryOperator py,
            String color,
            String label,
            int lx,
            int ly) {
        StringBuilder points = new StringBuilder();
        for (TickCostBenchmark.Result r : results) {
            double v = f.applyAsDouble(r);
            if (Double.isNaN(v) || v <= 0) {
                continue;
            }
            double x = px.applyAsDouble(r.devices());
            double y = py.applyAsDouble(v);
            points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
            b.append(String.format(
                    Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3.5\" fill=\"%s\"/>%n", x, y, color));
        }
        if (points.length() > 0) {
            b.append(String.format(
                    Locale.ROOT,
                    "<polyline points=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"/>%n",
                    points.toString().trim(),
                    color));
            b.append(String.format(
                    Locale.ROOT, "<text x=\"%d\" y=\"%d\" fill=\"%s\">%s</text>%n", lx, ly, color, label));
        }
    }

    private static String label(double v) {
        if (v >= 1_000_000) {
            return String.format(Locale.ROOT, "%.0fM", v / 1_000_000);
        }
        if (v >= 1000) {
            return String.format(Locale.ROOT, "%.0fk", v / 1000);
        }
        return String.format(Locale.ROOT, "%.0f", v);
    }
}
