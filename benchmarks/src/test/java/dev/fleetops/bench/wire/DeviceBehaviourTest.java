package dev.fleetops.bench.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which devices misbehave, by seed and index, and what the handler tells each kind of device to do. */
class DeviceBehaviourTest {
    private static final LatencyDistribution UNIFORM = LatencyDistribution.parse("500-3000", "uniform");

    @Test
    void sharesOfTenThousandDevicesComeOutNearTheirShares() {
        DeviceBehaviour b = new DeviceBehaviour(UNIFORM, 0.05, 0.02, 0.01, 42);
        Map<DeviceBehaviour.Kind, Integer> counts = count(b, 10_000);
        // Binomial(10,000, p): 4 standard deviations either side.
        assertNear(500, counts.get(DeviceBehaviour.Kind.SLOW), 90);
        assertNear(200, counts.get(DeviceBehaviour.Kind.OFFLINE), 57);
        assertNear(100, counts.get(DeviceBehaviour.Kind.TIMEOUT), 40);
        assertEquals(
                10_000, counts.values().stream().mapToInt(Integer::intValue).sum());
    }

    @Test
    void aDevicesKindDependsOnTheSeedAndItsIndexOnly() {
        DeviceBehaviour b = new DeviceBehaviour(UNIFORM, 0.2, 0.2, 0.2, 42);
        DeviceBehaviour same = new DeviceBehaviour(LatencyDistribution.NONE, 0.2, 0.2, 0.2, 42);
        DeviceBehaviour other = new DeviceBehaviour(UNIFORM, 0.2, 0.2, 0.2, 43);
        List<DeviceBehaviour.Kind> kinds = new ArrayList<>();
        List<DeviceBehaviour.Kind> otherKinds = new ArrayList<>();
        for (int i = 1000; i >= 1; i--) { // any order
            kinds.add(b.kindOf(i));
            assertEquals(b.kindOf(i), same.kindOf(i));
            otherKinds.add(other.kindOf(i));
        }
        assertNotEquals(kinds, otherKinds);
        assertTrue(new DeviceBehaviour(UNIFORM, 0, 0, 0, 42).kindOf(7) == DeviceBehaviour.Kind.NORMAL);
        assertTrue(new DeviceBehaviour(UNIFORM, 0, 1, 0, 42).kindOf(7) == DeviceBehaviour.Kind.OFFLINE);
    }

    @Test
    void slowDevicesTakeFiveTimesTheirDrawAndLatenciesRepeatWithTheSeed() {
        DeviceBehaviour allSlow = new DeviceBehaviour(UNIFORM, 1, 0, 0, 5);
        DeviceBehaviour noneSlow = new DeviceBehaviour(UNIFORM, 0, 0, 0, 5);
        for (int i = 1; i <= 200; i++) {
            long normal = noneSlow.latencyMillis(i, 3);
            assertTrue(normal >= 500 && normal <= 3000, "draw " + normal);
            assertEquals(5 * normal, allSlow.latencyMillis(i, 3));
            assertEquals(normal, new DeviceBehaviour(UNIFORM, 0, 0, 0, 5).latencyMillis(i, 3));
        }
        assertNotEquals(noneSlow.latencyMillis(1, 0), noneSlow.latencyMillis(1, 1), "each call draws anew");
    }

    @Test
    void theHandlerDelaysNormalDevicesAndLeavesTimeoutDevicesSilent() {
        DeviceBehaviour b = new DeviceBehaviour(UNIFORM, 0.3, 0.3, 0.3, 9);
        List<String> ids = new ArrayList<>();
        for (int i = 1; i <= 200; i++) {
            ids.add("bench-" + i);
        }
        MethodHandler h = b.handler(ids);
        Map<DeviceBehaviour.Kind, Integer> seen = new EnumMap<>(DeviceBehaviour.Kind.class);
        for (int i = 1; i <= 200; i++) {
            MethodAnswer a = h.answer("bench-" + i, "reboot", new byte[0]);
            DeviceBehaviour.Kind kind = b.kindOf(i);
            seen.merge(kind, 1, Integer::sum);
            switch (kind) {
                case TIMEOUT, OFFLINE -> assertNull(a, "bench-" + i);
                case NORMAL -> {
                    assertEquals(200, a.status());
                    assertEquals(Duration.ofMillis(b.latencyMillis(i, 0)), a.delay());
                }
                case SLOW -> {
                    assertEquals(200, a.status());
                    assertTrue(a.delay().toMillis() >= 2500, a.delay().toString());
                }
            }
        }
        assertEquals(4, seen.size(), "200 devices at 30/30/30/10 % meet every kind: " + seen);
        // The second call of a device draws its second latency.
        int normal = firstOf(b, DeviceBehaviour.Kind.NORMAL);
        assertEquals(
                Duration.ofMillis(b.latencyMillis(normal, 1)),
                h.answer("bench-" + normal, "reboot", new byte[0]).delay());
        assertEquals(
                Duration.ZERO, h.answer("elsewhere-1", "reboot", new byte[0]).delay());
    }

    @Test
    void sharesAreCheckedAndAtOnceIsToday() {
        assertTrue(DeviceBehaviour.AT_ONCE.atOnce());
        assertTrue(!new DeviceBehaviour(LatencyDistribution.NONE, 0, 0.01, 0, 1).atOnce());
        assertThrows(IllegalArgumentException.class, () -> new DeviceBehaviour(UNIFORM, 0.6, 0.5, 0, 1));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new DeviceBehaviour(UNIFORM, -0.1, 0, 0, 1))
                .getMessage()
                .contains("--slow-share"));
    }

    private static int firstOf(DeviceBehaviour b, DeviceBehaviour.Kind kind) {
        for (int i = 1; ; i++) {
            if (b.kindOf(i) == kind) {
                return i;
            }
        }
    }

    private static Map<DeviceBehaviour.Kind, Integer> count(DeviceBehaviour b, int devices) {
        Map<DeviceBehaviour.Kind, Integer> counts = new EnumMap<>(DeviceBehaviour.Kind.class);
        for (DeviceBehaviour.Kind k : DeviceBehaviour.Kind.values()) {
            counts.put(k, 0);
        }
        for (int i = 1; i <= devices; i++) {
            counts.merge(b.kindOf(i), 1, Integer::sum);
        }
        return counts;
    }

    private static void assertNear(int expected, int actual, int tolerance) {
        assertTrue(
                Math.abs(expected - actual) <= tolerance,
                "expected " + expected + " ± " + tolerance + ", got " + actual);
    }
}
