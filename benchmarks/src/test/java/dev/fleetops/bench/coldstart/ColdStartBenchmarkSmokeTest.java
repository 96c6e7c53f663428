package dev.fleetops.bench.coldstart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleetops.bench.Stats;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command works: one start of each app in the bare JVM (a few seconds). The figures are the
 * benchmark's business, not this test's. Needs the packaged apps, which the reactor builds before this module.
 */
class ColdStartBenchmarkSmokeTest {
    private static final ColdStartOptions OPTIONS = ColdStartOptions.parse(new String[] {
        "--repetitions",
        "1",
        "--fleetops-app",
        "../functions/target/azure-functions/fleetops",
        "--hello-app",
        "../tools/hello-function/target/azure-functions/hello",
        "--runner-jar",
        "../local-runner/target/local-runner.jar"
    });

    @Test
    void bothAppsStartInABareJvmAndAnswerTheirFirstRequest(@TempDir Path work) throws Exception {
        for (Path p : List.of(OPTIONS.fleetopsApp(), OPTIONS.helloApp(), OPTIONS.runnerJar())) {
            assertTrue(
                    Files.exists(p), p + " is missing: package functions, tools/hello-function and local-runner first");
        }
        ColdStartBenchmark.Run fleetops = ColdStartBenchmark.startOnce(
                new ColdStartBenchmark.App(
                        "fleetops", OPTIONS.fleetopsApp(), "/api/devices/bad%20id", 400, "/api/devices/device-001"),
                ColdStartBenchmark.Host.BARE,
                OPTIONS,
                work);
        assertTrue(
                fleetops.readyMs() > 0
                        && fleetops.firstAnswerMs() >= fleetops.readyMs()
                        && fleetops.firstHubCallMs() > 0,
                fleetops.toString());
        ColdStartBenchmark.Run hello = ColdStartBenchmark.startOnce(
                new ColdStartBenchmark.App("hello", OPTIONS.helloApp(), "/api/hello", 200, null),
                ColdStartBenchmark.Host.BARE,
                OPTIONS,
                work);
        assertEquals(-1, hello.firstHubCallMs());
    }

    @Test
    void optionsAreCheckedAndMediansAreMedians() {
        assertTrue(assertThrows(
                        IllegalArgumentException.class,
                        () -> ColdStartOptions.parse(new String[] {"--repetitions", "0"}))
                .getMessage()
                .contains("--repetitions"));
        assertTrue(assertThrows(
                        IllegalArgumentException.class, () -> ColdStartOptions.parse(new String[] {"--bogus", "1"}))
                .getMessage()
                .contains("--bogus"));
        assertTrue(ColdStartOptions.parse(new String[] {"--help"}).help());
        assertEquals(2.0, Stats.median(List.of(3.0, 1.0, 2.0)));
        assertEquals(2.5, Stats.median(List.of(4.0, 1.0, 2.0, 3.0)));
    }
}
