package dev.fleetops.core.rollout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class WavePlanTest {
    private static List<String> fleet(int n) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add("dev-" + i);
        }
        return ids;
    }

    @Test
    void cumulativePercentagesCutTheFleetIntoCanaryAndWaves() {
        WavePlan plan = new WavePlan(List.of(1.0, 10.0, 50.0, 100.0), true);
        assertEquals(List.of(10, 90, 400, 500), plan.sizes(1000));
    }

    @Test
    void aOnePercentCanaryOfASmallFleetStillHasADevice() {
        assertEquals(List.of(1, 4, 20, 25), new WavePlan(List.of(1.0, 10.0, 50.0, 100.0), true).sizes(50));
        assertEquals(List.of(0), new WavePlan(List.of(100.0), true).sizes(0));
    }

    @Test
    void absoluteCountsEndWithTheRestOfTheFleet() {
        assertEquals(List.of(5, 45, 150), new WavePlan(List.of(5.0, 50.0, 1000.0), false).sizes(200));
        assertEquals(
                List.of(10, 0),
                new WavePlan(List.of(50.0, 200.0), false).sizes(10),
                "a first wave larger than the fleet takes it all");
    }

    @Test
    void invalidPlansAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new WavePlan(List.of(), true));
        assertThrows(IllegalArgumentException.class, () -> new WavePlan(List.of(10.0, 10.0), true));
        assertThrows(IllegalArgumentException.class, () -> new WavePlan(List.of(50.0, 120.0), true));
        assertThrows(IllegalArgumentException.class, () -> new WavePlan(List.of(-1.0, 10.0), true));
    }

    @Test
    void membershipIsDeterministicAndIndependentOfListingOrder() {
        WavePlan plan = new WavePlan(List.of(10.0, 100.0), true);
        List<String> ids = fleet(500);
        Map<String, Integer> first = WaveAssignment.assign("op-1", ids, plan);
        List<String> shuffled = new ArrayList<>(ids);
        Collections.shuffle(shuffled, new Random(7));
        assertEquals(first, Map.copyOf(WaveAssignment.assign("op-1", shuffled, plan)));
        assertEquals(50, first.values().stream().filter(w -> w == 0).count());
    }

    @Test
    void differentOperationsSampleDifferentCanaries() {
        WavePlan plan = new WavePlan(List.of(2.0, 100.0), true);
        List<String> ids = fleet(1000);
        List<String> a = WaveAssignment.assign("op-a", ids, plan).entrySet().stream()
                .filter(e -> e.getValue() == 0)
                .map(Map.Entry::getKey)
                .sorted()
                .toList();
        List<String> b = WaveAssignment.assign("op-b", ids, plan).entrySet().stream()
                .filter(e -> e.getValue() == 0)
                .map(Map.Entry::getKey)
                .sorted()
                .toList();
        assertNotEquals(a, b);
    }
}
