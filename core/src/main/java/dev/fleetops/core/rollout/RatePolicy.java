package dev.fleetops.core.rollout;

/**
 * How many devices may be dispatched per minute: a fixed maximum, or an exponential ramp that starts
 * at {@code baseRatePerMinute} and multiplies by {@code incrementFactor} every {@code incrementEvery}
 * succeeded devices, capped at the maximum (AWS IoT Jobs' exponential rollout).
 */
public record RatePolicy(int maxPerMinute, Integer baseRatePerMinute, Double incrementFactor, Integer incrementEvery) {
    public RatePolicy {
        if (maxPerMinute < 1 || maxPerMinute > 100_000) {
            throw new IllegalArgumentException("'maxPerMinute' must be between 1 and 100000.");
        }
        boolean ramp = baseRatePerMinute != null || incrementFactor != null || incrementEvery != null;
        if (ramp
                && (baseRatePerMinute == null
                        || incrementFactor == null
                        || incrementEvery == null
                        || baseRatePerMinute < 1
                        || baseRatePerMinute > maxPerMinute
                        || incrementFactor < 1.1
                        || incrementFactor > 5
                        || incrementEvery < 1)) {
            throw new IllegalArgumentException(
                    "'ramp' needs baseRatePerMinute (1..max), incrementFactor (1.1..5) and incrementEvery (>= 1).");
        }
    }

    public static RatePolicy fixed(int perMinute) {
        return new RatePolicy(perMinute, null, null, null);
    }

    /** The rate allowed once {@code succeeded} devices succeeded. */
    public int currentPerMinute(long succeeded) {
        if (baseRatePerMinute == null) {
            return maxPerMinute;
        }
        double rate = baseRatePerMinute * Math.pow(incrementFactor, Math.floor((double) succeeded / incrementEvery));
        return (int) Math.min(maxPerMinute, Math.floor(rate));
    }

    /** How many more devices may start now, given how many started in the last minute. */
    public int allowance(long dispatchedLastMinute, long succeeded) {
        return (int) Math.max(0, currentPerMinute(succeeded) - dispatchedLastMinute);
    }
}
