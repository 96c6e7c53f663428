package dev.fleetops.device.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The handler contract as an executable sees it: arguments, environment, exit codes, time and output limits. */
class ExecHandlerTest {
    @TempDir
    Path dir;

    private ExecHandler handler(String body) throws Exception {
        return handler(body, Map.of());
    }

    private ExecHandler handler(String body, Map<Step, Duration> timeouts) throws Exception {
        return new ExecHandler(
                Scripts.write(dir, "handler", body),
                timeouts,
                Map.of(
                        "PATH",
                        System.getenv("PATH"),
                        "DEVICE_CONNECTION_STRING",
                        "HostName=h;SharedAccessKey=SECRET",
                        "FLEETOPS_INSTALL_DIR",
                        "/opt/fw",
                        "OTHER",
                        "x"));
    }

    private StepCall install(Path file, String version) {
        return new StepCall(Step.INSTALL, "op-1.a2", 2, version, "1.0.0", file, dir);
    }

    private StepCall plain(Step step) {
        return new StepCall(step, "op-1", 1, "2.0.0", "1.0.0", null, dir);
    }

    @Test
    void exitCodesMapToDoneBuiltInAndFailed() throws Exception {
        assertInstanceOf(StepOutcome.Done.class, handler("exit 0").run(plain(Step.COMMIT)));
        assertInstanceOf(StepOutcome.BuiltIn.class, handler("exit 3").run(plain(Step.COMMIT)));
        StepOutcome.Failed f = assertInstanceOf(
                StepOutcome.Failed.class,
                handler("echo 'disk full' >&2; exit 7").run(plain(Step.COMMIT)));
        assertFalse(f.timedOut());
        assertEquals("commit handler exited with 7; output:\ndisk full", f.reason());
    }

    @Test
    void argumentsAreAVectorNeverAShellString() throws Exception {
        Path file = dir.resolve("pkg with spaces; touch INJECTED $(id) `id`.bin");
        Files.writeString(file, "x");
        Path out = dir.resolve("args");
        StepOutcome o = handler("for a in \"$@\"; do printf '%s\\n' \"$a\"; done > '" + out + "'")
                .run(install(file, "2.0.0+build.7"));
        assertInstanceOf(StepOutcome.Done.class, o);
        assertEquals("install\n" + file + "\n2.0.0+build.7\n", Files.readString(out, StandardCharsets.UTF_8));
        assertFalse(Files.exists(dir.resolve("INJECTED")), "nothing in the path was run");
    }

    @Test
    void environmentCarriesTheContractAndNoAgentSecrets() throws Exception {
        Path out = dir.resolve("env");
        Path file = dir.resolve("fw.bin");
        Files.writeString(file, "x");
        handler("env > '" + out + "'").run(install(file, "2.0.0"));
        String env = Files.readString(out);
        assertTrue(env.contains("FLEETOPS_STEP=install\n"), env);
        assertTrue(env.contains("FLEETOPS_OPERATION_ID=op-1.a2\n"), env);
        assertTrue(env.contains("FLEETOPS_ATTEMPT=2\n"), env);
        assertTrue(env.contains("FLEETOPS_VERSION=2.0.0\n"), env);
        assertTrue(env.contains("FLEETOPS_PREVIOUS_VERSION=1.0.0\n"), env);
        assertTrue(env.contains("FLEETOPS_FILE=" + file + "\n"), env);
        assertTrue(env.contains("FLEETOPS_STATE_DIR=" + dir + "\n"), env);
        assertTrue(env.contains("FLEETOPS_INSTALL_DIR=/opt/fw\n"), "the operator's FLEETOPS_* settings pass on");
        assertFalse(env.contains("SECRET"), "the agent's connection string does not");
        assertFalse(env.contains("OTHER="), env);
    }

    @Test
    void valuesThatCouldBeReadAsOptionsAreRefusedBeforeRunning() throws Exception {
        Path ran = dir.resolve("ran");
        ExecHandler h = handler("touch '" + ran + "'");
        StepOutcome.Failed f =
                assertInstanceOf(StepOutcome.Failed.class, h.run(install(dir.resolve("fw.bin"), "--force")));
        assertTrue(f.reason().contains("version is not a plain token"), f.reason());
        assertInstanceOf(StepOutcome.Failed.class, h.run(new StepCall(Step.COMMIT, "op\n1", 1, null, null, null, dir)));
        assertFalse(Files.exists(ran));
    }

    @Test
    void aHangingHandlerAndItsChildrenAreStoppedAtTheTimeout() throws Exception {
        Path pid = dir.resolve("sleep.pid");
        ExecHandler h = handler(
                "echo started; sleep 60 & echo $! > '" + pid + "'; wait",
                Map.of(Step.HEALTH_CHECK, Duration.ofSeconds(1)));
        long t0 = System.nanoTime();
        StepOutcome.Failed f = assertInstanceOf(StepOutcome.Failed.class, h.run(plain(Step.HEALTH_CHECK)));
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertTrue(f.timedOut());
        assertEquals("health-check handler timed out after 1 s; output:\nstarted", f.reason());
        assertTrue(ms < 1_000 + ExecHandler.GRACE.toMillis(), "stopped within the grace period, took " + ms);
        long sleeper = Long.parseLong(Files.readString(pid).trim());
        assertTrue(Scripts.ends(sleeper), "the child sleep is gone");
    }

    @Test
    void aHandlerIgnoringSigtermIsKilledAfterTheGracePeriod() throws Exception {
        ExecHandler h = handler("trap '' TERM; while :; do sleep 1; done", Map.of(Step.COMMIT, Duration.ofSeconds(1)));
        long t0 = System.nanoTime();
        StepOutcome.Failed f = assertInstanceOf(StepOutcome.Failed.class, h.run(plain(Step.COMMIT)));
        assertTrue(f.timedOut());
        assertTrue(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0) < 10);
    }

    @Test
    void aKilledHandlerFailsAndSaysSo() throws Exception {
        StepOutcome.Failed f = assertInstanceOf(
                StepOutcome.Failed.class, handler("echo writing; kill -9 $$").run(plain(Step.ROLLBACK)));
        assertEquals("rollback handler was killed by signal 9 (exit 137); output:\nwriting", f.reason());
    }

    @Test
    void reportedOutputKeepsTheFirstAndLastLinesEachCutShort() throws Exception {
        StepOutcome.Failed f = assertInstanceOf(
                StepOutcome.Failed.class,
                handler("i=1; while [ $i -le 100 ]; do echo line$i; i=$((i+1)); done;"
                                + " printf 'x%.0s' $(seq 1 500); echo; printf 'esc\\033[31m\\n'; exit 1")
                        .run(plain(Step.COMMIT)));
        String[] lines = f.reason().split("\n");
        assertEquals("commit handler exited with 1; output:", lines[0]);
        assertEquals("line1", lines[1]);
        assertEquals("line20", lines[20]);
        assertEquals("… 62 lines omitted …", lines[21]);
        assertEquals("line83", lines[22]);
        assertEquals("line100", lines[39]);
        assertEquals("x".repeat(BoundedOutput.MAX_LINE_CHARS) + "…", lines[40]);
        assertEquals("esc?[31m", lines[41], "terminal escapes are not reported");
        assertEquals(42, lines.length);
    }

    @Test
    void stoppingTheAgentStopsTheHandler() throws Exception {
        Path pid = dir.resolve("pid");
        ExecHandler h = handler("echo $$ > '" + pid + "'; exec sleep 60");
        Thread[] runner = new Thread[1];
        CompletableFuture<Throwable> ended = new CompletableFuture<>();
        runner[0] = new Thread(() -> {
            try {
                h.run(plain(Step.COMMIT));
                ended.complete(null);
            } catch (Throwable t) {
                ended.complete(t);
            }
        });
        runner[0].start();
        while (!Files.exists(pid) || Files.readString(pid).isBlank()) {
            Thread.sleep(20);
        }
        runner[0].interrupt();
        assertInstanceOf(InterruptedException.class, ended.get(10, TimeUnit.SECONDS));
        long p = Long.parseLong(Files.readString(pid).trim());
        assertTrue(Scripts.ends(p));
    }

    @Test
    void aMissingExecutableIsAFailureNotACrash() throws Exception {
        ExecHandler h = new ExecHandler(dir.resolve("nope"), Map.of(), Map.of());
        StepOutcome.Failed f = assertInstanceOf(StepOutcome.Failed.class, h.run(plain(Step.COMMIT)));
        assertTrue(f.reason().startsWith("cannot run the commit handler"), f.reason());
        assertThrows(NullPointerException.class, () -> new ExecHandler(null, Map.of(), Map.of()));
    }
}
