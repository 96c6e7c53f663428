package dev.fleetops.core.rollout;

import java.util.ArrayList;
import java.util.List;

/**
 * Waves as cumulative targets: percentages of the fleet (1% canary → 10% → 50% → 100%) or absolute
 * device counts. The last wave always ends at the whole fleet.
 *
 * @param cumulative strictly increasing bounds; percentages end at 100
 * @param percent    whether bounds are percentages (else device counts)
 */
public record WavePlan(List<Double> cumulative, boolean percent) {
    public static final int MAX_WAVES = 20;

    public WavePlan {
        cumulative = List.copyOf(cumulative);
        if (cumulative.isEmpty() || cumulative.size() > MAX_WAVES) {
            throw new IllegalArgumentException("'waves' must have 1 to " + MAX_WAVES + " entries.");
        }
        double previous = 0;
        for (double c : cumulative) {
            if (!(c > previous)) {
                throw new IllegalArgumentException("'waves' must be strictly increasing and positive.");
            }
            previous = c;
        }
        if (percent && previous > 100) {
            throw new IllegalArgumentException("'waves' percentages cannot exceed 100.");
        }
    }

    /** One wave with the whole fleet. */
    public static WavePlan single() {
        return new WavePlan(List.of(100.0), true);
    }

    public int waveCount() {
        return cumulative.size();
    }

    /**
     * The number of devices in waves 0..i together, for a fleet of {@code total}. Percent bounds round
     * up so a 1% canary of 50 devices still has one device; the last wave always covers the rest.
     */
    public int cumulativeSize(int wave, int total) {
        if (wave >= cumulative.size() - 1) {
            return total;
        }
        double bound = cumulative.get(wave);
        int n = percent ? (int) Math.ceil(total * bound / 100.0 - 1e-9) : (int) Math.round(bound);
        return Math.min(total, Math.max(0, n));
    }

    /**
     * Why a fleet of {@code total} cannot run these waves, if one of them would get no device (a canary of none
     * would pass its threshold without touching a device).
     */
    public java.util.Optional<String> emptyWave(int total) {
        List<Integer> sizes = sizes(total);
        for (int w = 0; w < sizes.size(); w++) {
            if (sizes.get(w) == 0) {
                return java.util.Optional.of(
                        "wave " + (w + 1) + " of " + sizes.size() + " would have no device out of " + total);
            }
        }
        return java.util.Optional.empty();
    }

    /** Wave sizes for a fleet of {@code total}. */
    public List<Integer> sizes(int total) {
        List<Integer> out = new ArrayList<>();
        int before = 0;
        for (int i = 0; i < cumulative.size(); i++) {
            int upTo = Math.max(before, cumulativeSize(i, total));
            out.add(upTo - before);
            before = upTo;
        }
        return out;
    }
}
