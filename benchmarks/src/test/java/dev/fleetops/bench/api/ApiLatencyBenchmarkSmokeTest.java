package dev.fleetops.bench.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scripts/bench.sh api --smoke} against Azurite (scripts/test.sh starts it), the packaged app and the local
 * runner (the reactor builds them before this module): both phases are measured, the idle operation does not move, the
 * rollout calls devices while it is polled, and the report and curves are written. Latencies are the benchmark's to
 * report, not this test's.
 */
class ApiLatencyBenchmarkSmokeTest {
    @Test
    void pollsAPausedAndARunningOperationAndDrawsBoth(@TempDir Path out) throws Exception {
        String storage = System.getenv("FLEETOPS_TEST_STORAGE");
        assumeTrue(storage != null && !storage.isBlank(), "needs Azurite (FLEETOPS_TEST_STORAGE)");
        ApiLatencyOptions o = ApiLatencyOptions.parse(new String[] {
            "--smoke",
            "--storage",
            storage,
            "--out",
            out.toString(),
            "--runner-jar",
            "../local-runner/target/local-runner.jar",
            "--app",
            "../functions/target/azure-functions/fleetops"
        });
        assertTrue(Files.exists(o.runnerJar()) && Files.isDirectory(o.app()), "package local-runner and functions");
        List<String> log = new ArrayList<>();
        ApiLatencyBenchmark.Result r = ApiLatencyBenchmark.run(o, log::add);
        String trace = String.join("\n", log);

        for (ApiLatencyBenchmark.Phase p : List.of(r.idle(), r.rollout())) {
            assertTrue(p.samples().count() > 0, p.name() + " recorded answers: " + trace);
            assertEquals(
                    0, p.samples().failures(), p.name() + ": " + p.samples().lastFailure() + "\n" + trace);
        }
        assertEquals(0, r.idle().calls(), "the paused operation called no device: " + trace);
        assertTrue(
                r.idle().progress().stream().allMatch(g -> g.state().equals("paused")),
                "idle means paused: " + r.idle().progress());
        assertTrue(
                r.rollout().progress().get(r.rollout().progress().size() - 1).leftQueue() > 0,
                "the timer's ticks dispatched devices: " + r.rollout().progress());

        Path svg = ApiLatencyReport.write(r, out, null);
        String drawn = Files.readString(svg);
        assertTrue(drawn.startsWith("<svg") && drawn.contains("<polyline"), "the curves are drawn");
        assertTrue(Files.readString(out.resolve("api-latency.csv")).lines().count() > 2, "the buckets are written");
        assertTrue(ApiLatencyReport.table(r).contains("during / idle"), ApiLatencyReport.table(r));
    }

    @Test
    void optionsAreChecked() {
        assertNull(ApiLatencyOptions.parse(new String[] {"--help"}));
        ApiLatencyOptions d = ApiLatencyOptions.parse(new String[0]);
        assertEquals(100_000, d.devices());
        assertEquals(50, d.pollers());
        assertEquals(60, d.seconds());
        assertTrue(assertThrows(
                        IllegalArgumentException.class, () -> ApiLatencyOptions.parse(new String[] {"--pollers", "0"}))
                .getMessage()
                .contains("--pollers"));
        assertTrue(assertThrows(
                        IllegalArgumentException.class, () -> ApiLatencyOptions.parse(new String[] {"--sku", "S9"}))
                .getMessage()
                .contains("--sku"));
    }
}
