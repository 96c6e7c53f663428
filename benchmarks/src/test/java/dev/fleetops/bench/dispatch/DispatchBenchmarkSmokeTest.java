package dev.fleetops.bench.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The command works: a few seconds on 60 devices. The figures are the benchmark's business, not this test's. */
class DispatchBenchmarkSmokeTest {

    @Test
    void aSmokeRunDispatchesEveryDeviceAndRunsTheJob() throws Exception {
        String storage = System.getenv("FLEETOPS_TEST_STORAGE");
        List<String> log = new ArrayList<>();
        DispatchBenchmark.Result r = DispatchBenchmark.run(
                DispatchOptions.parse(
                        new String[] {"--smoke", "--storage", storage == null || storage.isBlank() ? "memory" : storage
                        }),
                log::add);
        assertEquals(60, r.devices());
        assertTrue(r.methodCalls() >= 60, log.toString());
        assertTrue(r.dispatchedPerSecond() > 0 && r.jobPerSecond() > 0, r.toString());
        assertTrue(log.stream().anyMatch(l -> l.startsWith("IoT Hub job") && l.contains("20 of 20")), log.toString());
    }

    @Test
    void badOptionsAreNamed() {
        assertTrue(assertThrows(
                        IllegalArgumentException.class, () -> DispatchOptions.parse(new String[] {"--devices", "0"}))
                .getMessage()
                .contains("--devices"));
        assertTrue(assertThrows(
                        IllegalArgumentException.class, () -> DispatchOptions.parse(new String[] {"--sku", "B1"}))
                .getMessage()
                .contains("--sku"));
        assertTrue(DispatchOptions.parse(new String[] {"--help"}).help());
    }
}
