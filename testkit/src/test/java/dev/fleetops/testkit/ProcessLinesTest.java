package dev.fleetops.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProcessLinesTest {
    @Test
    void findsTheSignallingLineAndKeepsEveryLine() throws Exception {
        Process p = new ProcessBuilder("sh", "-c", "echo starting; echo 'HTTPS 8443'; echo done").start();
        ProcessLines lines = ProcessLines.of(p);

        assertEquals("8443", lines.awaitValue("HTTPS ", Duration.ofSeconds(30)));
        assertEquals("done", lines.await("done"::equals, Duration.ofSeconds(30)));
        assertEquals(List.of("starting", "HTTPS 8443", "done"), lines.lines());
    }

    @Test
    void aProcessThatEndsWithoutTheLineFailsWithItsOutputAtOnce() throws Exception {
        Process p = new ProcessBuilder("sh", "-c", "echo boom").start();
        AssertionError e = assertThrows(
                AssertionError.class,
                () -> ProcessLines.of(p).await(l -> l.startsWith("HTTPS"), Duration.ofMinutes(5)));
        assertTrue(
                e.getMessage().contains("the process ended") && e.getMessage().contains("boom"), e.getMessage());
    }
}
