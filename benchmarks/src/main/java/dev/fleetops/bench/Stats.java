package dev.fleetops.bench;

import java.util.List;

/** Small statistics the benchmarks report. */
public final class Stats {
    private Stats() {}

    /** The median (the mean of the middle two for an even count); NaN when there is no value. */
    public static double median(List<Double> values) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        if (v.length == 0) {
            return Double.NaN;
        }
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }
}
