package dev.fleetops.core.rollout.service.report;

import dev.fleetops.core.rollout.AbortCriterion;
import dev.fleetops.core.rollout.DeviceExecution;
import dev.fleetops.core.rollout.ExecutionState;
import dev.fleetops.core.rollout.FailureType;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The two inline SVG charts: cumulative results over time, and the live failure rate against the abort thresholds. */
final class ReportCharts {
    static final int W = 760;
    static final int H = 250;
    static final int LEFT = 52;
    static final int RIGHT = 70;
    static final int TOP = 16;
    static final int BOTTOM = 40;

    private ReportCharts() {}

    /** Devices that finished (succeeded, failed, timed out, rejected), in the order they did. */
    static List<DeviceExecution> finished(List<DeviceExecution> executions) {
        return executions.stream()
                .filter(e -> e.updatedAt() != null
                        && (e.state() == ExecutionState.SUCCEEDED || FailureType.ALL.matches(e.state())))
                .sorted(Comparator.comparing(DeviceExecution::updatedAt).thenComparing(DeviceExecution::deviceId))
                .toList();
    }

    /** The time axis: from the operation's creation to now (or to its last change once it is over). */
    record Span(Instant from, Instant to) {
        static Span of(Instant created, Instant end, List<DeviceExecution> finished) {
            Instant from = created;
            Instant to = end;
            if (!finished.isEmpty()) {
                Instant first = finished.get(0).updatedAt();
                Instant last = finished.get(finished.size() - 1).updatedAt();
                from = first.isBefore(from) ? first : from;
                to = last.isAfter(to) ? last : to;
            }
            if (!to.isAfter(from)) {
                to = from.plusSeconds(60);
            }
            return new Span(from, to);
        }

        double x(Instant t) {
            double f = (double) Duration.between(from, t).toMillis()
                    / Duration.between(from, to).toMillis();
            return LEFT + Math.max(0, Math.min(1, f)) * (W - LEFT - RIGHT);
        }
    }

    static String timeline(List<DeviceExecution> finished, Span span) {
        long succ = finished.stream()
                .filter(e -> e.state() == ExecutionState.SUCCEEDED)
                .count();
        long fail = finished.size() - succ;
        double yMax = niceMax(Math.max(succ, fail), 4);
        StringBuilder s = open("timeline", "Cumulative devices succeeded and failed over time");
        yAxis(s, yMax, 4, "");
        xAxis(s, span);
        StringBuilder ps = new StringBuilder();
        StringBuilder pf = new StringBuilder();
        ps.append("M").append(f(span.x(span.from()))).append(' ').append(f(y(0, yMax)));
        pf.append("M").append(f(span.x(span.from()))).append(' ').append(f(y(0, yMax)));
        long cs = 0;
        long cf = 0;
        for (DeviceExecution e : finished) {
            double x = span.x(e.updatedAt());
            if (e.state() == ExecutionState.SUCCEEDED) {
                cs++;
                ps.append(" H").append(f(x)).append(" V").append(f(y(cs, yMax)));
            } else {
                cf++;
                pf.append(" H").append(f(x)).append(" V").append(f(y(cf, yMax)));
            }
        }
        double end = span.x(span.to());
        ps.append(" H").append(f(end));
        pf.append(" H").append(f(end));
        s.append("<path class=\"area\" d=\"")
                .append(ps)
                .append(" V")
                .append(f(y(0, yMax)))
                .append(" Z\" fill=\"")
                .append(ReportStyle.SUCCESS)
                .append("\" fill-opacity=\".12\"/>");
        s.append("<path class=\"series succeeded\" data-series=\"succeeded\" d=\"")
                .append(ps)
                .append("\" stroke=\"")
                .append(ReportStyle.SUCCESS)
                .append("\"/>");
        s.append("<path class=\"series failed\" data-series=\"failed\" d=\"")
                .append(pf)
                .append("\" stroke=\"")
                .append(ReportStyle.FAILURE)
                .append("\"/>");
        endLabel(s, end, y(cs, yMax), cs + " succeeded", ReportStyle.SUCCESS, y(cf, yMax));
        endLabel(s, end, y(cf, yMax), cf + " failed", ReportStyle.FAILURE, y(cs, yMax));
        return s.append("</svg>").toString();
    }

    static String failureRate(List<DeviceExecution> finished, List<AbortCriterion> criteria, Span span) {
        Set<FailureType> types = new LinkedHashSet<>();
        types.add(FailureType.ALL);
        criteria.forEach(c -> types.add(c.type()));
        List<List<double[]>> series = new ArrayList<>();
        double top = 0;
        for (FailureType type : types) {
            List<double[]> pts = new ArrayList<>();
            long n = 0;
            long bad = 0;
            for (DeviceExecution e : finished) {
                n++;
                bad += type.matches(e.state()) ? 1 : 0;
                double pct = 100.0 * bad / n;
                double x = span.x(e.updatedAt());
                if (!pts.isEmpty() && pts.get(pts.size() - 1)[0] == x) {
                    pts.remove(pts.size() - 1); // devices that finished at the same instant: one step
                }
                pts.add(new double[] {x, pct});
                top = Math.max(top, pct);
            }
            series.add(pts);
        }
        for (AbortCriterion c : criteria) {
            top = Math.max(top, c.thresholdPercent());
        }
        double step = top * 1.25 <= 60 ? 10 : 20;
        double yMax = Math.min(100, Math.max(step, Math.ceil(top * 1.25 / step) * step));
        StringBuilder s =
                open("failure-rate", "Failure percentage of finished devices over time, with the abort thresholds");
        yAxis(s, yMax, (int) Math.round(yMax / step), "%");
        xAxis(s, span);
        double end = span.x(span.to());
        for (AbortCriterion c : criteria) {
            double yy = y(c.thresholdPercent(), yMax);
            s.append("<line class=\"threshold\" data-threshold=\"")
                    .append(f(c.thresholdPercent()))
                    .append("\" data-type=\"")
                    .append(c.type())
                    .append("\" x1=\"")
                    .append(LEFT)
                    .append("\" x2=\"")
                    .append(W - RIGHT)
                    .append("\" y1=\"")
                    .append(f(yy))
                    .append("\" y2=\"")
                    .append(f(yy))
                    .append("\"/>");
            s.append("<text class=\"tlabel\" x=\"")
                    .append(LEFT + 8)
                    .append("\" y=\"")
                    .append(f(yy - 6))
                    .append("\">abort at ")
                    .append(pct(c.thresholdPercent()))
                    .append(' ')
                    .append(typeLabel(c.type()))
                    .append(" (after ")
                    .append(c.minFinished())
                    .append(" finished)</text>");
        }
        String[] colours = {"#cf222e", "#bc4c00", "#8250df", "#0969da"};
        int i = 0;
        for (FailureType type : types) {
            List<double[]> pts = series.get(i);
            String colour = colours[i % colours.length];
            i++;
            if (pts.isEmpty()) {
                continue;
            }
            StringBuilder d =
                    new StringBuilder("M").append(f(pts.get(0)[0])).append(' ').append(f(y(pts.get(0)[1], yMax)));
            for (double[] p : pts) {
                d.append(" H").append(f(p[0])).append(" V").append(f(y(p[1], yMax)));
            }
            d.append(" H").append(f(end));
            double last = pts.get(pts.size() - 1)[1];
            s.append("<path class=\"series rate\" data-series=\"")
                    .append(type)
                    .append("\" data-current=\"")
                    .append(f(last))
                    .append("\" d=\"")
                    .append(d)
                    .append("\" stroke=\"")
                    .append(colour)
                    .append("\"/>");
            s.append("<text class=\"vlabel\" x=\"")
                    .append(f(end + 6))
                    .append("\" y=\"")
                    .append(f(y(last, yMax) + 4))
                    .append("\" fill=\"")
                    .append(colour)
                    .append("\">")
                    .append(pct(last))
                    .append("</text>");
        }
        return s.append("</svg>").toString();
    }

    static String typeLabel(FailureType t) {
        return t == FailureType.ALL
                ? "all failures"
                : t.name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    private static StringBuilder open(String cls, String title) {
        return new StringBuilder("<svg class=\"chart ")
                .append(cls)
                .append("\" viewBox=\"0 0 ")
                .append(W)
                .append(' ')
                .append(H)
                .append("\" role=\"img\" aria-label=\"")
                .append(title)
                .append("\" xmlns=\"http://www.w3.org/2000/svg\"><title>")
                .append(title)
                .append("</title>");
    }

    private static void endLabel(StringBuilder s, double x, double y, String text, String colour, double other) {
        double yy = y + 4;
        if (Math.abs(y - other) < 14) {
            yy += y <= other ? -7 : 7;
        }
        s.append("<text class=\"vlabel\" x=\"")
                .append(f(x + 6))
                .append("\" y=\"")
                .append(f(yy))
                .append("\" fill=\"")
                .append(colour)
                .append("\">")
                .append(text.split(" ")[0])
                .append("</text>");
    }

    private static void yAxis(StringBuilder s, double yMax, int ticks, String unit) {
        for (int i = 0; i <= ticks; i++) {
            double v = yMax * i / ticks;
            double yy = y(v, yMax);
            s.append("<line class=\"")
                    .append(i == 0 ? "axis" : "grid")
                    .append("\" x1=\"")
                    .append(LEFT)
                    .append("\" x2=\"")
                    .append(W - RIGHT)
                    .append("\" y1=\"")
                    .append(f(yy))
                    .append("\" y2=\"")
                    .append(f(yy))
                    .append("\"/>");
            s.append("<text x=\"")
                    .append(LEFT - 8)
                    .append("\" y=\"")
                    .append(f(yy + 4))
                    .append("\" text-anchor=\"end\">")
                    .append(num(v))
                    .append(unit)
                    .append("</text>");
        }
    }

    private static void xAxis(StringBuilder s, Span span) {
        long total = Duration.between(span.from(), span.to()).toSeconds();
        DateTimeFormatter fmt = DateTimeFormatter.ofPattern(
                        total > 36 * 3600 ? "MM-dd HH:mm" : total > 600 ? "HH:mm" : "HH:mm:ss", Locale.ROOT)
                .withZone(ZoneOffset.UTC);
        int ticks = 5;
        for (int i = 0; i <= ticks; i++) {
            Instant t = span.from()
                    .plusMillis(Duration.between(span.from(), span.to()).toMillis() * i / ticks);
            double x = span.x(t);
            s.append("<line class=\"axis\" x1=\"")
                    .append(f(x))
                    .append("\" x2=\"")
                    .append(f(x))
                    .append("\" y1=\"")
                    .append(H - BOTTOM)
                    .append("\" y2=\"")
                    .append(H - BOTTOM + 5)
                    .append("\"/>");
            s.append("<text x=\"")
                    .append(f(x))
                    .append("\" y=\"")
                    .append(H - BOTTOM + 19)
                    .append("\" text-anchor=\"")
                    .append(i == 0 ? "start" : i == ticks ? "end" : "middle")
                    .append("\">")
                    .append(fmt.format(t))
                    .append("</text>");
        }
        s.append("<text x=\"")
                .append(W - RIGHT)
                .append("\" y=\"")
                .append(H - 4)
                .append("\" text-anchor=\"end\">time (UTC)</text>");
    }

    static double y(double v, double yMax) {
        return TOP + (1 - v / yMax) * (H - TOP - BOTTOM);
    }

    /** 1, 2 or 5 times a power of ten, so that {@code ticks} steps reach at least {@code v}. */
    static double niceMax(double v, int ticks) {
        if (v <= ticks) {
            return ticks;
        }
        double raw = v / ticks;
        double p = Math.pow(10, Math.floor(Math.log10(raw)));
        for (double m : new double[] {1, 2, 5, 10}) {
            if (m * p >= raw) {
                return m * p * ticks;
            }
        }
        return 10 * p * ticks;
    }

    static String f(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    static String num(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.format(Locale.ROOT, "%.1f", v);
    }

    static String pct(double v) {
        return (v == Math.rint(v) ? String.valueOf((long) v) : String.format(Locale.ROOT, "%.1f", v)) + "%";
    }
}
