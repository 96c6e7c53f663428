package dev.fleetops.device.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleetops.device.state.DeviceState;
import dev.fleetops.device.support.AgentHarness;
import dev.fleetops.device.support.ChildDevice;
import dev.fleetops.device.support.TestHttps;
import dev.fleetops.standins.packages.PackageServer;
import dev.fleetops.testkit.ChildJvm;
import dev.fleetops.testkit.Packages;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Kills a real device JVM with SIGKILL inside a step window and restarts on its state directory. */
class KillNineTest {
    private static final byte[] PACKAGE = "firmware 2.0.0 for kill -9".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    @ParameterizedTest(name = "kill -9 after {0}: restart completes the update on the verified new version")
    @ValueSource(strings = {"downloadComplete", "switched", "rebooted"})
    void killedDeviceProcessRecoversToTheNewVerifiedVersion(String step) throws Exception {
        try (TestHttps https = TestHttps.servingFirmware(dir, PACKAGE)) {
            PackageServer server = https.server();
            Path device = TestHttps.deviceDir(dir);
            Process child = ChildJvm.of(
                            ChildDevice.class,
                            device.toString(),
                            https.caPem().toString(),
                            server.url("/fw.bin") + "?sig=X",
                            Packages.sha256(PACKAGE),
                            String.valueOf(PACKAGE.length),
                            step)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            List<String> seen = new ArrayList<>();
            try (BufferedReader out =
                    new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null && !line.equals("STEP " + step)) {
                    seen.add(line);
                }
                assertTrue(line != null, "child never reached " + step + "; saw " + seen);
                child.destroyForcibly(); // SIGKILL on Unix
                assertTrue(child.waitFor(10, TimeUnit.SECONDS));
            } finally {
                child.destroyForcibly();
            }
            assertTrue(child.exitValue() != 0, "killed, not exited");

            try (AgentHarness h = new AgentHarness(device).http(https.client())) {
                h.start();
                h.idle();
                DeviceState s = h.onDisk();
                assertNull(s.current());
                assertEquals("2.0.0", s.firmwareVersion());
                assertEquals("applyComplete", s.finished("fw-k").orElseThrow().status());
                assertEquals("2.0.0", h.hub.reportedFirmwareVersion());
                assertEquals(
                        "applyComplete",
                        h.hub.reportedDm("firmwareUpdate").get("status").getAsString());
            }
        }
    }
}
