package dev.fleetops.bench.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The drawn latencies: the range respected, the same seed giving the same draws, log-normal percentiles where documented. */
class LatencyDistributionTest {
    private static final int DRAWS = 20_000;

    @Test
    void uniformDrawsStayInTheRangeAndCoverIt() {
        LatencyDistribution d = LatencyDistribution.parse("500-3000", "uniform");
        long[] draws = draws(d, 7);
        assertTrue(Arrays.stream(draws).allMatch(ms -> ms >= 500 && ms <= 3000), "a draw left 500-3000");
        long[] sorted = draws.clone();
        Arrays.sort(sorted);
        // 20,000 draws from 2,501 values: both ends of the range are met closely, the median near 1,750.
        assertTrue(sorted[0] < 520 && sorted[DRAWS - 1] > 2980, sorted[0] + ".." + sorted[DRAWS - 1]);
        assertTrue(Math.abs(sorted[DRAWS / 2] - 1750) < 60, "median " + sorted[DRAWS / 2]);
    }

    @Test
    void logNormalHasTheRangeAsItsFifthAndNinetyFifthPercentiles() {
        LatencyDistribution d = LatencyDistribution.parse("500-3000", "lognormal");
        long[] sorted = draws(d, 11);
        Arrays.sort(sorted);
        long p5 = sorted[DRAWS / 20];
        long p50 = sorted[DRAWS / 2];
        long p95 = sorted[DRAWS - DRAWS / 20];
        assertTrue(p5 > 450 && p5 < 550, "p5 " + p5);
        assertTrue(p50 > 1150 && p50 < 1300, "median " + p50 + " (sqrt(500*3000) = 1225)");
        assertTrue(p95 > 2750 && p95 < 3300, "p95 " + p95);
        assertTrue(sorted[0] > 0, "a log-normal latency is positive");
        assertEquals(Math.log(1225), d.mu(), 0.01);
        assertEquals(0.5446, d.sigma(), 0.001);
    }

    @Test
    void theSameSeedGivesTheSameDrawsAndAnotherSeedOthers() {
        for (String shape : new String[] {"uniform", "lognormal"}) {
            LatencyDistribution d = LatencyDistribution.parse("50-200", shape);
            assertTrue(Arrays.equals(draws(d, 3), draws(d, 3)), shape);
            assertTrue(!Arrays.equals(draws(d, 3), draws(d, 4)), shape);
        }
    }

    @Test
    void noLatencyIsZeroAndBadRangesAreNamed() {
        assertEquals(0, LatencyDistribution.NONE.drawMillis(new SplittableRandom(1)));
        assertEquals(800, LatencyDistribution.parse("800", "uniform").drawMillis(new SplittableRandom(1)));
        for (String bad : new String[] {"3000-500", "-5", "a-b", "1-2-3", "0-700000"}) {
            assertTrue(
                    assertThrows(IllegalArgumentException.class, () -> LatencyDistribution.parse(bad, "uniform"))
                            .getMessage()
                            .contains("--device-latency-ms"),
                    bad);
        }
        assertTrue(assertThrows(IllegalArgumentException.class, () -> LatencyDistribution.parse("1-2", "normal"))
                .getMessage()
                .contains("--device-latency-dist"));
        // A log-normal needs a positive, non-empty range to place its percentiles.
        assertThrows(IllegalArgumentException.class, () -> LatencyDistribution.parse("0-100", "lognormal"));
        assertThrows(IllegalArgumentException.class, () -> LatencyDistribution.parse("100-100", "lognormal"));
    }

    private static long[] draws(LatencyDistribution d, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        long[] out = new long[DRAWS];
        for (int i = 0; i < DRAWS; i++) {
            out[i] = d.drawMillis(random);
        }
        return out;
    }
}
