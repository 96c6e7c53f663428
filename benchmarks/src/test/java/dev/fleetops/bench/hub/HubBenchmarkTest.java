package dev.fleetops.bench.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The benchmark command keeps working: its smoke mode runs every phase on a tiny fleet in a few seconds. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class HubBenchmarkTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) throws Exception {
        return HubBenchmark.run(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void smokeRunAgainstAChildHubPrintsEveryFigure() throws Exception {
        assertEquals(0, run("--smoke"), err.toString(StandardCharsets.UTF_8));
        String text = out();
        assertTrue(text.contains("connections: 40 of 40 held, 0 failed"), text);
        assertTrue(text.matches("(?s).*direct methods: [0-9,]+ round trips/s.*, 0 errors.*"), text);
        assertTrue(text.matches("(?s).*twin patches: [0-9,]+ acknowledged reported patches/s.*, 0 errors.*"), text);
        assertTrue(text.contains("GROUP BY over 40 twins") && text.contains("(sum 40)"), text);
        assertTrue(text.contains("hub JVM"), "the child hub's heap is measured: " + text);
    }

    @Test
    void smokeRunInProcessReportsOneHeap() throws Exception {
        assertEquals(0, run("--smoke", "--in-process", "--devices", "10"), err.toString(StandardCharsets.UTF_8));
        String text = out();
        assertTrue(text.contains("connections: 10 of 10 held, 0 failed"), text);
        assertTrue(text.contains("for hub and devices together"), text);
        assertTrue(text.contains("(sum 10)"), text);
    }

    @Test
    void helpAndBadOptions() throws Exception {
        assertEquals(0, run("--help"));
        assertTrue(out().contains("Usage: scripts/bench.sh hub"));
        assertEquals(2, run("--devices", "lots"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--devices must be a whole number"));
    }
}
