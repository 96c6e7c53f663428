package dev.fleetops.device.action;

import static dev.fleetops.device.support.AgentHarness.ackResult;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.fleetops.contract.MethodStatus;
import dev.fleetops.device.state.DeviceState;
import dev.fleetops.device.support.AgentHarness;
import dev.fleetops.device.support.TestHttps;
import dev.fleetops.device.transport.MethodResult;
import dev.fleetops.standins.packages.PackageServer;
import dev.fleetops.testkit.Packages;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FirmwareUpdateActionTest {
    private static final byte[] PACKAGE = "firmware 2.0.0 image".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    private TestHttps https;
    private PackageServer server;
    private AgentHarness h;

    @BeforeEach
    void setUp() throws Exception {
        https = TestHttps.servingFirmware(dir, PACKAGE);
        server = https.server();
        h = https.agent(dir);
        h.start();
        h.hub.clearPatches();
    }

    @AfterEach
    void tearDown() {
        h.close();
        https.close();
    }

    private MethodResult update(String id, String path, String sha, Long size) {
        return h.call(
                "firmwareUpdate",
                "{\"operationId\":\"" + id + "\",\"version\":\"2.0.0\",\"packageUri\":\""
                        + server.url(path) + "?sig=TOPSECRET\",\"sha256\":\"" + sha + "\""
                        + (size == null ? "" : ",\"sizeBytes\":" + size) + "}");
    }

    private JsonObject fwReport() {
        return h.hub.reportedDm("firmwareUpdate");
    }

    @Test
    void goodPackageGoesThroughEveryStepAndInstallsTheVersion() throws Exception {
        MethodResult r = update("fw-1", "/fw.bin", Packages.sha256(PACKAGE), (long) PACKAGE.length);
        h.idle();

        assertEquals(MethodStatus.ACCEPTED, r.status());
        assertEquals(
                List.of("waiting", "downloading", "downloadComplete", "applying", "rebooting", "applyComplete"),
                h.hub.steps("firmwareUpdate"),
                "rebooting is re-published on reconnect while the health check runs");
        assertEquals("2.0.0", h.hub.reportedFirmwareVersion());
        JsonObject report = fwReport();
        assertEquals("fw-1", report.get("operationId").getAsString());
        assertEquals(server.url("/fw.bin"), report.get("fwPackageUri").getAsString());
        assertTrue(report.has("lastFirmwareUpdate"));

        DeviceState s = h.onDisk();
        assertEquals("2.0.0", s.firmwareVersion());
        assertEquals(2, s.bootCount(), "applying reboots the device");
        assertNull(s.current());
        assertEquals("applyComplete", s.finished("fw-1").orElseThrow().status());
        assertEquals(0, downloads().size(), "the staged package is removed once applied");
        assertFalse(h.hub.patches().toString().contains("TOPSECRET"), "the SAS signature never reaches the twin");
        assertFalse(Files.readString(h.dir.resolve("state.json")).contains("TOPSECRET"), "nor the disk");
    }

    @Test
    void shaMismatchFailsTheDownloadAndKeepsTheRunningVersion() throws Exception {
        update("fw-2", "/fw.bin", "0".repeat(64), null);
        h.idle();

        assertEquals(List.of("waiting", "downloading", "downloadFailed"), h.hub.statuses("firmwareUpdate"));
        assertEquals(
                "sha256Mismatch",
                fwReport().getAsJsonObject("error").get("code").getAsString());
        assertEquals("1.0.0", h.onDisk().firmwareVersion());
        assertEquals("downloadFailed", h.onDisk().finished("fw-2").orElseThrow().status());
        assertEquals(0, downloads().size());
        assertEquals(1, h.onDisk().bootCount(), "a failed download does not reboot");
    }

    @Test
    void packageLargerThanAnnouncedIsRefused() throws Exception {
        update("fw-3", "/fw.bin", Packages.sha256(PACKAGE), 4L);
        h.idle();

        assertEquals("downloadFailed", fwReport().get("status").getAsString());
        assertEquals(
                "sizeExceeded", fwReport().getAsJsonObject("error").get("code").getAsString());
        assertEquals("1.0.0", h.onDisk().firmwareVersion());
    }

    @Test
    void missingPackageReportsTheHttpStatus() throws Exception {
        update("fw-4", "/missing.bin", Packages.sha256(PACKAGE), null);
        h.idle();

        JsonObject error = fwReport().getAsJsonObject("error");
        assertEquals("httpStatus", error.get("code").getAsString());
        assertTrue(error.get("message").getAsString().contains("404"));
        assertFalse(error.get("message").getAsString().contains("TOPSECRET"));
    }

    @Test
    void installedVersionIsReportedCurrentWithoutDownloading() throws Exception {
        MethodResult r = h.call(
                "firmwareUpdate",
                "{\"operationId\":\"fw-5\",\"version\":\"1.0.0\",\"packageUri\":\"" + server.url("/fw.bin")
                        + "\",\"sha256\":\"" + "a".repeat(64) + "\"}");
        h.idle();

        assertEquals(MethodStatus.NO_NEW_OPERATION, r.status());
        assertEquals("current", ackResult(r));
        assertEquals(List.of("current"), h.hub.statuses("firmwareUpdate"));
        assertEquals(1, h.hub.opens(), "no reboot");
        assertEquals("current", h.onDisk().finished("fw-5").orElseThrow().status());
    }

    @Test
    void badPayloadIsRejectedWith400AndChangesNothing() throws Exception {
        MethodResult r = h.call("firmwareUpdate", "{\"version\":\"2.0.0\",\"packageUri\":\"http://plain/fw\"}");
        h.idle();

        assertEquals(MethodStatus.BAD_REQUEST, r.status());
        String message = ((JsonObject) r.payload()).get("message").getAsString();
        assertTrue(message.contains("packageUri") && message.contains("sha256"), message);
        assertEquals(List.of(), h.hub.patches());
        assertNull(h.onDisk().current());
    }

    @Test
    void unknownMethodIsAnswered400() {
        assertEquals(MethodStatus.BAD_REQUEST, h.call("selfDestruct", "{}").status());
    }

    private List<Path> downloads() throws Exception {
        Path d = h.dir.resolve(FirmwareUpdateAction.DOWNLOADS);
        if (!Files.isDirectory(d)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(d)) {
            return s.toList();
        }
    }
}
