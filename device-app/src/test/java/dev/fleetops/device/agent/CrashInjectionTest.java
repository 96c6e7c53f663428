package dev.fleetops.device.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.google.gson.JsonObject;
import dev.fleetops.device.action.SlotFiles;
import dev.fleetops.device.action.UpdateSettings;
import dev.fleetops.device.state.DeviceState;
import dev.fleetops.device.support.AgentHarness;
import dev.fleetops.device.support.SimulatedCrash;
import dev.fleetops.device.support.TestHttps;
import dev.fleetops.standins.packages.PackageServer;
import dev.fleetops.testkit.Packages;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Stops the agent dead at every step boundary of a firmware update, then boots a new agent on the same
 * state directory (and the twin as the hub kept it) and checks the device ends on the old version or on
 * the new, verified one, and that its report says which.
 */
class CrashInjectionTest {
    private static final byte[] PACKAGE = "firmware 2.0.0 for crash tests".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    private TestHttps https;
    private PackageServer server;
    private Path deviceDir;

    @BeforeEach
    void setUp() throws Exception {
        https = TestHttps.servingFirmware(dir, PACKAGE);
        server = https.server();
        deviceDir = TestHttps.deviceDir(dir);
    }

    @AfterEach
    void tearDown() {
        https.close();
    }

    /** The steps an update passes before the new slot proves itself or not, in order. */
    private static final List<String> STEPS_TO_REBOOT =
            List.of("waiting", "downloading", "downloadComplete", "applying", "slotWritten", "switched", "rebooted");

    static Stream<String> healthyUpdateSteps() {
        return Stream.concat(STEPS_TO_REBOOT.stream(), Stream.of("confirmed"));
    }

    static Stream<String> unhealthyUpdateSteps() {
        return Stream.concat(STEPS_TO_REBOOT.stream(), Stream.of("rolledBack"));
    }

    /** Runs an update that dies at {@code step}, restarts, and returns the second run's harness (closed). */
    private AgentHarness crashAndRestart(String step, UpdateSettings updates) throws Exception {
        JsonObject twin;
        try (AgentHarness first =
                new AgentHarness(deviceDir).http(https.client()).updates(updates.withSteps(SimulatedCrash.at(step)))) {
            first.start();
            first.call(
                    "firmwareUpdate",
                    "{\"operationId\":\"fw-1\",\"version\":\"2.0.0\",\"packageUri\":\""
                            + server.url("/fw.bin") + "?sig=TOPSECRET\",\"sha256\":\"" + Packages.sha256(PACKAGE)
                            + "\",\"sizeBytes\":" + PACKAGE.length + "}");
            first.idle();
            twin = first.hub.reported();
        }
        AgentHarness second = new AgentHarness(deviceDir).http(https.client()).updates(updates);
        second.hub.setReported(twin);
        second.start();
        second.idle();
        second.close();
        return second;
    }

    @ParameterizedTest(name = "crash after {0}: the update completes on the new verified version")
    @MethodSource("healthyUpdateSteps")
    void crashAtAnyStepEndsOnTheNewVerifiedVersionWithATruthfulReport(String step) throws Exception {
        AgentHarness h = crashAndRestart(step, UpdateSettings.defaults());
        DeviceState s = h.onDisk();

        assertNull(s.current(), "nothing left in progress");
        assertEquals("2.0.0", s.firmwareVersion());
        assertEquals("applyComplete", s.finished("fw-1").orElseThrow().status());
        assertFalse(s.slots().trial());
        assertEquals(
                Packages.sha256(PACKAGE),
                sha256(SlotFiles.slot(deviceDir, s.slots().active()).resolve(SlotFiles.IMAGE)),
                "the running slot holds the verified package");
        assertReportMatches(h, s, "applyComplete");
    }

    @ParameterizedTest(name = "crash after {0} with a failing self-test: back on the old version")
    @MethodSource("unhealthyUpdateSteps")
    void crashAtAnyStepOfAnUnhealthyUpdateEndsOnTheOldVersionReportedRolledBack(String step) throws Exception {
        AgentHarness h = crashAndRestart(step, UpdateSettings.defaults().withSelfTest(v -> "self-test failed"));
        DeviceState s = h.onDisk();

        assertNull(s.current());
        assertEquals("1.0.0", s.firmwareVersion());
        assertEquals("a", s.slots().active());
        assertEquals("rolledBack", s.finished("fw-1").orElseThrow().status());
        assertReportMatches(h, s, "rolledBack");
    }

    private void assertReportMatches(AgentHarness h, DeviceState s, String status) throws Exception {
        JsonObject dm = h.hub.reported().getAsJsonObject("iothubDM");
        assertEquals(
                s.firmwareVersion(), dm.get("firmwareVersion").getAsString(), "reported version is the running one");
        assertEquals(status, dm.getAsJsonObject("firmwareUpdate").get("status").getAsString());
        assertEquals(
                "fw-1", dm.getAsJsonObject("firmwareUpdate").get("operationId").getAsString());
        assertFalse(h.hub.patches().toString().contains("TOPSECRET"), "no signature in reports");
        assertFalse(
                Files.readString(deviceDir.resolve("state.json")).contains("TOPSECRET"),
                "the full URI leaves the disk with the operation");
        try (Stream<Path> files = Files.list(deviceDir.resolve("downloads"))) {
            assertEquals(0, files.count(), "no staged or partial package left behind");
        }
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
