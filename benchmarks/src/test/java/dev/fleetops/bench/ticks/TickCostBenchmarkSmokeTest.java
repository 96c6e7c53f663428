package dev.fleetops.bench.ticks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scripts/bench.sh ticks --smoke} against Azurite (scripts/test.sh starts it): the benchmark runs, and what it
 * measures holds its shape: a tick starts its batch and sends as many Table requests whether the operation is 300 or
 * 1,200 devices (request counts, not times: times are the benchmark's to report).
 */
class TickCostBenchmarkSmokeTest {
    @Test
    void aTickCostsTheSameRequestsAtFourTimesTheSize(@TempDir Path out) throws Exception {
        String storage = System.getenv("FLEETOPS_TEST_STORAGE");
        assumeTrue(storage != null && !storage.isBlank(), "needs Azurite (FLEETOPS_TEST_STORAGE)");
        TickCostOptions o =
                TickCostOptions.parse(new String[] {"--smoke", "--storage", storage, "--out", out.toString()});
        List<String> log = new ArrayList<>();
        List<TickCostBenchmark.Result> results = TickCostBenchmark.run(o, log::add);

        assertEquals(2, results.size(), String.join("\n", log));
        TickCostBenchmark.Result small = results.get(0);
        TickCostBenchmark.Result large = results.get(1);
        assertEquals(100.0, small.rowsStartedPerTick(), "each tick started its batch");
        assertEquals(100.0, large.rowsStartedPerTick(), "each tick started its batch");
        assertTrue(
                large.tableRequestsPerTick() <= small.tableRequestsPerTick() * 1.2,
                "Table requests per tick grew with the operation: " + small.tableRequestsPerTick() + " -> "
                        + large.tableRequestsPerTick());
        String svg = TickCostReport.svg(results);
        assertTrue(svg.startsWith("<svg") && svg.contains("<polyline"), "the curves are drawn");
    }
}
