package dev.fleetops.bench.wire;

import java.util.Locale;
import java.util.random.RandomGenerator;

/**
 * How long a device takes to answer a direct method: real devices on cellular or Wi-Fi links take 0.5–3 s
 * (issue 16), the wire fleet answers at once unless told otherwise.
 *
 * <ul>
 *   <li>{@link Shape#NONE}: 0 ms, today's behaviour;</li>
 *   <li>{@link Shape#UNIFORM}: every whole millisecond from {@code minMillis} to {@code maxMillis} alike;</li>
 *   <li>{@link Shape#LOGNORMAL}: {@code exp(mu + sigma * Z)}, Z standard normal, with {@code mu} and {@code sigma}
 *       chosen so that {@code minMillis} is the 5th and {@code maxMillis} the 95th percentile:
 *       {@code mu = (ln min + ln max) / 2}, {@code sigma = (ln max - ln min) / (2 * 1.6449)}; the median is
 *       {@code sqrt(min * max)} and 10 % of the draws fall outside the range (500-3000: median 1,225 ms,
 *       sigma 0.545, mean 1,420 ms, 99.9th percentile about 6,600 ms).</li>
 * </ul>
 */
public record LatencyDistribution(Shape shape, long minMillis, long maxMillis) {

    /** The shapes {@code --device-latency-dist} accepts (besides no latency at all). */
    public enum Shape {
        NONE,
        UNIFORM,
        LOGNORMAL
    }

    /** The standard normal's 95th percentile: {@code minMillis}/{@code maxMillis} sit this many sigmas from mu. */
    static final double Z95 = 1.6448536269514722;

    /** No latency: every answer at once. */
    public static final LatencyDistribution NONE = new LatencyDistribution(Shape.NONE, 0, 0);

    public LatencyDistribution {
        if (shape == null) {
            throw new IllegalArgumentException("'shape' cannot be null.");
        }
        if (minMillis < 0 || maxMillis < minMillis) {
            throw new IllegalArgumentException("the latency range must be 0 <= min <= max (milliseconds).");
        }
        if (shape == Shape.NONE && maxMillis != 0) {
            throw new IllegalArgumentException("no latency has no range.");
        }
        if (shape == Shape.LOGNORMAL && (minMillis < 1 || maxMillis <= minMillis)) {
            throw new IllegalArgumentException("a log-normal latency needs 1 <= min < max (milliseconds).");
        }
    }

    /**
     * Parses {@code 500-3000} (or a single value {@code 800}, uniform only) and {@code uniform|lognormal}.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static LatencyDistribution parse(String range, String shape) {
        Shape s;
        try {
            s = Shape.valueOf(shape.trim().toUpperCase(Locale.ROOT));
        } catch (RuntimeException e) {
            s = null;
        }
        if (s == null || s == Shape.NONE) {
            throw new IllegalArgumentException("--device-latency-dist must be uniform or lognormal");
        }
        String[] parts = range.trim().split("-", -1);
        long min;
        long max;
        try {
            min = Long.parseLong(parts[0].trim());
            max = parts.length == 1 ? min : Long.parseLong(parts[1].trim());
        } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
            throw new IllegalArgumentException("--device-latency-ms must be MIN-MAX in milliseconds, e.g. 500-3000");
        }
        if (parts.length > 2 || min < 0 || max < min || max > 600_000) {
            throw new IllegalArgumentException("--device-latency-ms must be MIN-MAX with 0 <= MIN <= MAX <= 600000");
        }
        try {
            return new LatencyDistribution(s, min, max);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "--device-latency-ms " + range + " with --device-latency-dist " + shape + ": " + e.getMessage());
        }
    }

    /** Log-normal location: the log of the median. */
    public double mu() {
        return (Math.log(minMillis) + Math.log(maxMillis)) / 2;
    }

    /** Log-normal scale. */
    public double sigma() {
        return (Math.log(maxMillis) - Math.log(minMillis)) / (2 * Z95);
    }

    /** One latency in milliseconds, drawn with {@code random}. */
    public long drawMillis(RandomGenerator random) {
        return switch (shape) {
            case NONE -> 0;
            case UNIFORM -> minMillis + random.nextLong(maxMillis - minMillis + 1);
            case LOGNORMAL -> Math.round(Math.exp(mu() + sigma() * random.nextGaussian()));
        };
    }

    /** {@code none}, {@code uniform 500-3000 ms} or {@code lognormal 500-3000 ms (5th-95th percentile)}. */
    @Override
    public String toString() {
        return switch (shape) {
            case NONE -> "none";
            case UNIFORM -> "uniform " + minMillis + "-" + maxMillis + " ms";
            case LOGNORMAL -> "lognormal " + minMillis + "-" + maxMillis + " ms (5th-95th percentile)";
        };
    }
}
