package dev.fleetops.device.action;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.google.gson.JsonObject;
import dev.fleetops.contract.Action;
import dev.fleetops.contract.DeviceErrorCodes;
import dev.fleetops.contract.FirmwareManifest;
import dev.fleetops.contract.MethodStatus;
import dev.fleetops.contract.signing.SigningAlgorithm;
import dev.fleetops.device.agent.Recovery;
import dev.fleetops.device.agent.RecoveryStep;
import dev.fleetops.device.manifest.ManifestSigner;
import dev.fleetops.device.manifest.ManifestVerifier;
import dev.fleetops.device.manifest.TrustedKey;
import dev.fleetops.device.state.DeviceState;
import dev.fleetops.device.state.Operation;
import dev.fleetops.device.state.Slots;
import dev.fleetops.device.support.AgentHarness;
import dev.fleetops.device.support.TestHttps;
import dev.fleetops.device.transport.MethodResult;
import dev.fleetops.standins.packages.PackageServer;
import dev.fleetops.testkit.Packages;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A device that trusts a signing key: the signature is checked before anything is downloaded or applied. */
class SignedUpdateTest {
    private static final byte[] PACKAGE = "firmware 2.0.0 image, signed".getBytes(StandardCharsets.UTF_8);
    private static final KeyPair KEYS = ManifestSigner.generate(SigningAlgorithm.ED25519);
    private static final TrustedKey TRUSTED = TrustedKey.of(KEYS.getPublic());
    private static final ManifestSigner SIGNER = ManifestSigner.fromPem(ManifestSigner.privatePem(KEYS.getPrivate()));

    @TempDir
    Path dir;

    private TestHttps https;
    private PackageServer server;
    private AgentHarness h;
    private String sha;

    @BeforeEach
    void setUp() throws Exception {
        sha = Packages.sha256(PACKAGE);
        https = TestHttps.servingFirmware(dir, PACKAGE);
        server = https.server();
        h = https.agent(dir);
        h.updates(h.updates().withManifests(new ManifestVerifier(List.of(TRUSTED))));
        h.start();
        h.hub.clearPatches();
    }

    @AfterEach
    void tearDown() {
        h.close();
        https.close();
    }

    private MethodResult update(String id, String version, String signatureFields) {
        return h.call(
                "firmwareUpdate",
                "{\"operationId\":\"" + id + "\",\"version\":\"" + version + "\",\"packageUri\":\""
                        + server.url("/fw.bin") + "\",\"sha256\":\"" + sha + "\",\"sizeBytes\":" + PACKAGE.length
                        + signatureFields + "}");
    }

    private JsonObject fwReport() {
        return h.hub.reportedDm("firmwareUpdate");
    }

    private void assertNothingInstalled(String id) {
        DeviceState s = h.onDisk();
        assertEquals(AgentHarness.FACTORY_VERSION, s.firmwareVersion(), "running version untouched");
        assertEquals(Slots.INITIAL, s.slots(), "no slot written or switched");
        assertNull(s.current());
        assertEquals("verifyFailed", s.finished(id).orElseThrow().status());
        assertEquals(0, server.requests(), "a refused manifest downloads nothing");
        assertEquals(List.of("waiting", "verifying", "verifyFailed"), h.hub.steps("firmwareUpdate"));
        assertEquals(AgentHarness.FACTORY_VERSION, h.hub.reportedFirmwareVersion());
    }

    @Test
    void correctlySignedUpdateInstalls() throws Exception {
        String sig = SIGNER.sign(new FirmwareManifest("2.0.0", sha, (long) PACKAGE.length));
        MethodResult r =
                update("fw-ok", "2.0.0", ",\"signature\":\"" + sig + "\",\"signingKeyId\":\"" + TRUSTED.id() + "\"");
        h.idle();
        assertEquals(MethodStatus.ACCEPTED, r.status());
        assertEquals(
                List.of(
                        "waiting",
                        "verifying",
                        "downloading",
                        "downloadComplete",
                        "applying",
                        "rebooting",
                        "applyComplete"),
                h.hub.steps("firmwareUpdate"));
        assertEquals("2.0.0", h.onDisk().firmwareVersion());
    }

    @Test
    void unsignedUpdateEndsVerifyFailedWithTheReason() throws Exception {
        assertEquals(MethodStatus.ACCEPTED, update("fw-unsigned", "2.0.0", "").status());
        h.idle();
        assertNothingInstalled("fw-unsigned");
        assertEquals(
                DeviceErrorCodes.SIGNATURE_MISSING,
                fwReport().getAsJsonObject("error").get("code").getAsString());
    }

    @Test
    void signatureOverAnotherVersionEndsVerifyFailed() throws Exception {
        String sigFor200 = SIGNER.sign(new FirmwareManifest("2.0.0", sha, (long) PACKAGE.length));
        update("fw-tampered", "9.9.9", ",\"signature\":\"" + sigFor200 + "\"");
        h.idle();
        assertNothingInstalled("fw-tampered");
        JsonObject error = fwReport().getAsJsonObject("error");
        assertEquals(DeviceErrorCodes.SIGNATURE_INVALID, error.get("code").getAsString());
        assertFalse(error.get("message").getAsString().isBlank());
    }

    @Test
    void signatureFromAnUntrustedKeyEndsVerifyFailed() throws Exception {
        KeyPair other = ManifestSigner.generate(SigningAlgorithm.P256);
        String sig = ManifestSigner.fromPem(ManifestSigner.privatePem(other.getPrivate()))
                .sign(new FirmwareManifest("2.0.0", sha, (long) PACKAGE.length));
        update(
                "fw-wrong-key",
                "2.0.0",
                ",\"signature\":\"" + sig + "\",\"signingKeyId\":\""
                        + TrustedKey.of(other.getPublic()).id() + "\"");
        h.idle();
        assertNothingInstalled("fw-wrong-key");
        assertEquals(
                DeviceErrorCodes.UNKNOWN_SIGNING_KEY,
                fwReport().getAsJsonObject("error").get("code").getAsString());
    }

    @Test
    void aRestartWhileVerifyingVerifiesAgainBeforeDownloading() {
        Operation verifying = Operation.firmware("fw-r", "2.0.0", "https://h/fw.bin", sha, 10L, "verifying", "t")
                .withDownloadUri("https://h/fw.bin?sig=x");
        assertEquals(RecoveryStep.RESUME_DOWNLOAD, Recovery.plan(verifying, false, false));
        assertEquals(Action.FIRMWARE_UPDATE, verifying.action());
    }
}
