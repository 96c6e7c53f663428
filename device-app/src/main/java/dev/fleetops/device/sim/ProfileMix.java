package dev.fleetops.device.sim;

import java.util.EnumMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Shares of misbehaving devices, e.g. {@code slow=0.1,failHealth=0.05}; the rest is {@link Behaviour#NORMAL}.
 * Assignment is deterministic per (seed, device index), so a run can be repeated.
 */
public record ProfileMix(Map<Behaviour, Double> shares) {
    public static final ProfileMix ALL_NORMAL = new ProfileMix(Map.of());

    public ProfileMix {
        shares = Map.copyOf(shares);
    }

    /** @throws IllegalArgumentException for unknown names, bad numbers or shares above 1 in total */
    public static ProfileMix parse(String spec) {
        Map<Behaviour, Double> m = new EnumMap<>(Behaviour.class);
        if (spec == null || spec.isBlank()) {
            return ALL_NORMAL;
        }
        double total = 0;
        for (String part : spec.split(",")) {
            String[] kv = part.trim().split("=", 2);
            if (kv.length != 2) {
                throw new IllegalArgumentException("expected name=share, got '" + part.trim() + "'");
            }
            Behaviour b = Behaviour.of(kv[0].trim());
            double share;
            try {
                share = Double.parseDouble(kv[1].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("share of " + b.key() + " is not a number");
            }
            if (!(share >= 0 && share <= 1)) {
                throw new IllegalArgumentException("share of " + b.key() + " must be between 0 and 1");
            }
            m.merge(b, share, Double::sum);
            total += share;
        }
        if (total > 1.000001) {
            throw new IllegalArgumentException("shares add up to more than 1");
        }
        return new ProfileMix(m);
    }

    /** The behaviour of device number {@code index}. */
    public Behaviour assign(long seed, int index) {
        double r = new SplittableRandom(seed * 1_000_003L + index).nextDouble();
        double acc = 0;
        for (Behaviour b : Behaviour.values()) {
            if (b == Behaviour.NORMAL) {
                continue;
            }
            acc += shares.getOrDefault(b, 0.0);
            if (r < acc) {
                return b;
            }
        }
        return Behaviour.NORMAL;
    }
}
