package dev.fleetops.bench.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * {@code simulator --smoke}: the benchmark command works end to end (child-JVM hub on MQTT port 8883,
 * three real simulated devices, method round trips). It measures nothing worth asserting; figures are
 * for docs/performance.md. Run under {@code flock /tmp/fleetops-hub.lock} on shared machines.
 */
class SimulatorBenchmarkSmokeTest {

    @Test
    void smokeRunConnectsEveryDeviceAndAnswersProbes() throws Exception {
        SimulatorBenchmark.Options o = SimulatorBenchmark.Options.parse(new String[] {"--smoke"});
        SimulatorBenchmark.Result r = SimulatorBenchmark.run(o);
        SimulatorBenchmark.print(o, r);
        assertEquals(3, r.connected());
        assertEquals(3, r.connects().size(), "every agent timed its connect");
        assertEquals(2, r.roundTrips().size(), "both probes came back 400 (unknown method) from the agent");
        assertTrue(r.connectedHeap() > 0 && r.threads() > r.baselineThreads());
    }

    @Test
    void optionsAreValidatedWithAReason() {
        assertEquals(1000, SimulatorBenchmark.Options.parse(new String[0]).count());
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> SimulatorBenchmark.Options.parse(new String[] {"--count", "0"}));
        assertTrue(e.getMessage().contains("--count"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SimulatorBenchmark.Options.parse(new String[] {"--bogus"}));
        assertThrows(IllegalArgumentException.class, () -> SimulatorBenchmark.Options.parse(new String[] {"--count"}));
        assertEquals(
                "p50 2 ms, p95 3 ms, max 3 ms (n=3)",
                SimulatorBenchmark.percentiles(java.util.List.of(
                        java.time.Duration.ofMillis(3),
                        java.time.Duration.ofMillis(1),
                        java.time.Duration.ofMillis(2))));
    }
}
