package dev.fleetops.device;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleetops.testkit.ChildJvm;
import dev.fleetops.testkit.Waits;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code java -jar device-app.jar} stops cleanly and promptly on SIGTERM, even while it cannot reach its hub. */
class GracefulShutdownTest {
    @TempDir
    Path dir;

    Path log;
    Path state;

    @Test
    void sigtermStopsTheDeviceWithinSecondsAndLeavesItsStateReadable() throws Exception {
        Process p = startDevice();
        try {
            // Its reconnect loop: the state is written and the device logs its next try.
            Waits.upTo(Duration.ofSeconds(30), "the device's state file and reconnect loop")
                    .until(() -> {
                        if (!p.isAlive()) {
                            throw new AssertionError("the device exited:\n" + Files.readString(log));
                        }
                        return Files.exists(state.resolve("state.json"))
                                && Files.readString(log).contains("reconnecting in");
                    });
            p.destroy(); // SIGTERM on Unix
            assertTrue(p.waitFor(15, TimeUnit.SECONDS), "still running 15 s after SIGTERM:\n" + Files.readString(log));
        } finally {
            p.destroyForcibly();
        }
        assertStoppedCleanly();
        assertTrue(Files.readString(state.resolve("state.json")).contains("\"firmwareVersion\""), "state intact");
    }

    /**
     * A service manager may stop a device that is still starting (its first connection attempt runs
     * on the main thread). The stop hook exists before that, so the device still closes cleanly.
     */
    @Test
    void sigtermWhileStartingStillClosesTheDevice() throws Exception {
        Process p = startDevice();
        try {
            Waits.upTo(Duration.ofSeconds(30), "the device to begin starting")
                    .until(() -> Files.exists(log) && Files.readString(log).contains("installs UNSIGNED firmware"));
            p.destroy();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "still running 30 s after SIGTERM:\n" + Files.readString(log));
        } finally {
            p.destroyForcibly();
        }
        assertStoppedCleanly();
    }

    private Process startDevice() throws java.io.IOException {
        log = dir.resolve("stderr.txt");
        state = dir.resolve("state");
        return ChildJvm.of(
                        Main.class,
                        "--connection-string",
                        "HostName=hub.invalid;DeviceId=term-1;SharedAccessKey=a2V5a2V5a2V5",
                        "--state-dir",
                        state.toString(),
                        "--allow-unsigned")
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
    }

    private void assertStoppedCleanly() throws java.io.IOException {
        String out = Files.readString(log, StandardCharsets.UTF_8);
        assertTrue(out.contains("deviceId=term-1 stopping: closing the hub session"), out);
    }
}
