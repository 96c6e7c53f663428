package dev.fleetops.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code scripts/bench.sh --help} (which CI may call) exits 0 without building and names every benchmark Main runs. */
class BenchScriptHelpTest {
    @Test
    void helpListsEveryBenchmarkAndExitsZero() throws Exception {
        Path root = Path.of("").toAbsolutePath();
        while (!Files.isRegularFile(root.resolve("scripts/bench.sh"))) {
            root = root.getParent();
        }
        Process p = new ProcessBuilder("bash", "scripts/bench.sh", "--help")
                .directory(root.toFile())
                .redirectErrorStream(true)
                .start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "bench.sh --help did not return");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        assertTrue(!out.contains("building (mvn"), "help builds nothing: " + out);
        for (String name : Main.names()) {
            assertTrue(out.contains("\n  " + name + " "), name + " is listed: " + out);
        }
    }
}
