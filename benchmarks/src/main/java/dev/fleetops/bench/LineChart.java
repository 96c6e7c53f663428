package dev.fleetops.bench;

import java.util.List;
import java.util.Locale;
import java.util.function.DoubleUnaryOperator;

/**
 * The benchmarks' SVG curves (docs/images/*.svg): panels side by side, each a frame with grid lines, a title, an x-axis
 * title, and one polyline with dots per series, its legend at the top left. Axes are linear or logarithmic. Drawn from
 * the figures by the benchmark command, never by hand.
 */
public final class LineChart {
    private static final int W = 640;
    private static final int H = 360;
    private static final int LEFT = 70;
    private static final int RIGHT = 20;
    private static final int TOP = 40;
    private static final int BOTTOM = 50;

    private LineChart() {}

    /** How an axis maps values: evenly, or by powers of ten (values ≤ 0 are then left out). */
    public enum Scale {
        LINEAR,
        LOG
    }

    /**
     * One curve.
     *
     * @param points x, y pairs; a NaN (or, on a log axis, a value ≤ 0) is no point
     * @param dashed drawn dashed (e.g. a baseline beside the measured curve)
     */
    public record Series(String label, String color, boolean dashed, List<double[]> points) {}

    /** One panel: its title, the x-axis title, both scales and the curves. */
    public record Panel(String title, String xTitle, Scale x, Scale y, List<Series> series) {}

    /** The panels side by side in one SVG document. */
    public static String svg(List<Panel> panels) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(
                Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"12\">%n",
                W * panels.size(),
                H));
        b.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        for (int i = 0; i < panels.size(); i++) {
            panel(b, W * i, panels.get(i));
        }
        b.append("</svg>\n");
        return b.toString();
    }

    private static void panel(StringBuilder b, int x0, Panel p) {
        double[] xs = range(p, 0, p.x());
        double[] ys = range(p, 1, p.y());
        int pw = W - LEFT - RIGHT;
        int ph = H - TOP - BOTTOM;
        Axis ax = Axis.of(p.x(), xs[0], xs[1]);
        Axis ay = Axis.of(p.y(), ys[0], ys[1]);
        DoubleUnaryOperator px = v -> x0 + LEFT + ax.fraction(v) * pw;
        DoubleUnaryOperator py = v -> TOP + ph - ay.fraction(v) * ph;
        b.append(String.format(
                Locale.ROOT, "<text x=\"%d\" y=\"20\" font-weight=\"bold\">%s</text>%n", x0 + LEFT, p.title()));
        b.append(String.format(
                Locale.ROOT,
                "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#999\"/>%n",
                x0 + LEFT,
                TOP,
                pw,
                ph));
        for (double v : ax.ticks()) {
            double x = px.applyAsDouble(v);
            b.append(String.format(
                    Locale.ROOT,
                    "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#eee\"/><text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>%n",
                    x,
                    TOP,
                    x,
                    TOP + ph,
                    x,
                    TOP + ph + 16,
                    label(v)));
        }
        for (double v : ay.ticks()) {
            double y = py.applyAsDouble(v);
            b.append(String.format(
                    Locale.ROOT,
                    "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#eee\"/><text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n",
                    x0 + LEFT,
                    y,
                    x0 + LEFT + pw,
                    y,
                    x0 + LEFT - 6,
                    y + 4,
                    label(v)));
        }
        b.append(String.format(
                Locale.ROOT,
                "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>%n",
                x0 + LEFT + pw / 2,
                H - 10,
                p.xTitle()));
        int legend = 0;
        for (Series s : p.series()) {
            if (curve(b, s, p, px, py)) {
                b.append(String.format(
                        Locale.ROOT,
                        "<text x=\"%d\" y=\"%d\" fill=\"%s\">%s</text>%n",
                        x0 + LEFT + 10,
                        TOP + 16 + 16 * legend++,
                        s.color(),
                        s.label()));
            }
        }
    }

    /** Draws one series; false when it has no point to draw. */
    private static boolean curve(StringBuilder b, Series s, Panel p, DoubleUnaryOperator px, DoubleUnaryOperator py) {
        StringBuilder points = new StringBuilder();
        for (double[] xy : s.points()) {
            if (!drawable(xy[0], p.x()) || !drawable(xy[1], p.y())) {
                continue;
            }
            double x = px.applyAsDouble(xy[0]);
            double y = py.applyAsDouble(xy[1]);
            points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
            b.append(String.format(
                    Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3.5\" fill=\"%s\"/>%n", x, y, s.color()));
        }
        if (points.length() == 0) {
            return false;
        }
        b.append(String.format(
                Locale.ROOT,
                "<polyline points=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"%s/>%n",
                points.toString().trim(),
                s.color(),
                s.dashed() ? " stroke-dasharray=\"6 4\"" : ""));
        return true;
    }

    private static boolean drawable(double v, Scale scale) {
        return !Double.isNaN(v) && !Double.isInfinite(v) && (scale == Scale.LINEAR || v > 0);
    }

    /** The smallest and largest drawable value of coordinate {@code i} over the panel's series. */
    private static double[] range(Panel p, int i, Scale scale) {
        double lo = Double.MAX_VALUE;
        double hi = -Double.MAX_VALUE;
        for (Series s : p.series()) {
            for (double[] xy : s.points()) {
                if (drawable(xy[0], p.x()) && drawable(xy[1], p.y())) {
                    lo = Math.min(lo, xy[i]);
                    hi = Math.max(hi, xy[i]);
                }
            }
        }
        if (lo == Double.MAX_VALUE) {
            return scale == Scale.LOG ? new double[] {1, 10} : new double[] {0, 1};
        }
        return new double[] {lo, hi};
    }

    /** An axis from {@code lo} to {@code hi} (powers of ten on a log axis; from 0 in round steps on a linear one). */
    private record Axis(Scale scale, double lo, double hi, double step) {
        static Axis of(Scale scale, double min, double max) {
            if (scale == Scale.LOG) {
                double lo = Math.floor(Math.log10(min));
                return new Axis(scale, lo, Math.max(lo + 1, Math.ceil(Math.log10(max))), 1);
            }
            double lo = Math.min(0, min);
            double step = niceStep((Math.max(max, lo + 1e-9) - lo) / 5);
            double hi = Math.max(lo + step, Math.ceil(max / step) * step);
            return new Axis(scale, lo, hi, step);
        }

        double fraction(double v) {
            return scale == Scale.LOG ? (Math.log10(v) - lo) / (hi - lo) : (v - lo) / (hi - lo);
        }

        List<Double> ticks() {
            List<Double> out = new java.util.ArrayList<>();
            for (double t = lo; t <= hi + step / 1000; t += step) {
                out.add(scale == Scale.LOG ? Math.pow(10, t) : t);
            }
            return out;
        }
    }

    /** 1, 2 or 5 times a power of ten, at least {@code raw}. */
    static double niceStep(double raw) {
        double p = Math.pow(10, Math.floor(Math.log10(raw)));
        for (double m : new double[] {1, 2, 5, 10}) {
            if (m * p >= raw) {
                return m * p;
            }
        }
        return 10 * p;
    }

    /** {@code 250}, {@code 1.5}, {@code 10k}, {@code 1M}. */
    static String label(double v) {
        double a = Math.abs(v);
        if (a >= 1_000_000) {
            return trim(v / 1_000_000) + "M";
        }
        if (a >= 1000) {
            return trim(v / 1000) + "k";
        }
        return trim(v);
    }

    private static String trim(double v) {
        return v == Math.rint(v) ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.1f", v);
    }
}
