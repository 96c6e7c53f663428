package dev.fleetops.device.action;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.fleetops.contract.DeviceErrorCodes;
import dev.fleetops.contract.FirmwareManifest;
import dev.fleetops.contract.MethodStatus;
import dev.fleetops.contract.signing.SigningAlgorithm;
import dev.fleetops.device.manifest.FirmwarePolicy;
import dev.fleetops.device.manifest.ManifestSigner;
import dev.fleetops.device.manifest.ManifestVerifier;
import dev.fleetops.device.manifest.TrustedKey;
import dev.fleetops.device.state.DeviceState;
import dev.fleetops.device.support.AgentHarness;
import dev.fleetops.device.support.TestHttps;
import dev.fleetops.device.transport.MethodResult;
import dev.fleetops.standins.packages.PackageServer;
import dev.fleetops.testkit.Packages;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The device's fail-closed policy with a signing key, through the real agent and its HTTPS package server:
 * model, security version (persisted, surviving a restart), expiry, v1 manifests and the package-host
 * allowlist each refuse with their own code before anything is downloaded. The harness clock starts at
 * 2026-01-01T00:00:00Z.
 */
class FailClosedUpdateTest {
    private static final byte[] PACKAGE = "firmware image, fail-closed".getBytes(StandardCharsets.UTF_8);
    private static final KeyPair KEYS = ManifestSigner.generate(SigningAlgorithm.ED25519);
    private static final TrustedKey TRUSTED = TrustedKey.of(KEYS.getPublic());
    private static final ManifestSigner SIGNER = ManifestSigner.fromPem(ManifestSigner.privatePem(KEYS.getPrivate()));
    private static final String VALID_UNTIL = "2026-04-01T00:00:00.000Z";
    private static final String EXPIRED_AT = "2025-12-31T23:59:59.000Z";
    private static final String MODEL = "contoso-gw-1";

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
    }

    @AfterEach
    void tearDown() {
        if (h != null) {
            h.close();
        }
        https.close();
    }

    private void startDevice(FirmwarePolicy policy) throws Exception {
        h = https.agent(dir);
        h.updates(h.updates()
                .withManifests(new ManifestVerifier(List.of(TRUSTED)))
                .withPolicy(policy));
        h.start();
        h.hub.clearPatches();
    }

    /** A signed v2 request for {@code version}; {@code compatibility} may be null. */
    private String v2(String id, String version, String compatibility, long securityVersion, String expiresAt) {
        FirmwareManifest m = new FirmwareManifest(
                version,
                sha,
                (long) PACKAGE.length,
                new FirmwareManifest.Terms(compatibility, securityVersion, expiresAt));
        return "{\"operationId\":\"" + id + "\",\"version\":\"" + version + "\",\"packageUri\":\""
                + server.url("/fw.bin") + "\",\"sha256\":\"" + sha + "\",\"sizeBytes\":" + PACKAGE.length
                + ",\"signature\":\"" + SIGNER.sign(m) + "\",\"signingKeyId\":\"" + TRUSTED.id() + "\""
                + (compatibility == null ? "" : ",\"compatibility\":\"" + compatibility + "\"")
                + ",\"securityVersion\":" + securityVersion + ",\"manifestExpiresAt\":\"" + expiresAt + "\"}";
    }

    private String v1(String id, String version) {
        return "{\"operationId\":\"" + id + "\",\"version\":\"" + version + "\",\"packageUri\":\""
                + server.url("/fw.bin") + "\",\"sha256\":\"" + sha + "\",\"sizeBytes\":" + PACKAGE.length
                + ",\"signature\":\"" + SIGNER.sign(new FirmwareManifest(version, sha, (long) PACKAGE.length))
                + "\",\"signingKeyId\":\"" + TRUSTED.id() + "\"}";
    }

    private void install(String json) throws Exception {
        assertEquals(MethodStatus.ACCEPTED, h.call("firmwareUpdate", json).status());
        h.idle();
    }

    /** The update ended verifyFailed with {@code code}, nothing was downloaded and the device runs {@code running}. */
    private void assertRefused(String id, String code, String running, int requestsBefore) {
        DeviceState s = h.onDisk();
        assertEquals("verifyFailed", s.finished(id).orElseThrow().status());
        assertNull(s.current());
        assertEquals(running, s.firmwareVersion(), "running version untouched");
        assertEquals(requestsBefore, server.requests(), "a refused manifest downloads nothing");
        JsonObject error = h.hub.reportedDm("firmwareUpdate").getAsJsonObject("error");
        assertEquals(code, error.get("code").getAsString(), error.toString());
        assertTrue(!error.get("message").getAsString().isBlank());
        assertEquals(running, h.hub.reportedFirmwareVersion());
    }

    @Test
    void aValidV2ManifestInstallsAndRaisesTheStoredSecurityVersion() throws Exception {
        startDevice(new FirmwarePolicy(MODEL, Set.of()));
        assertEquals(0, h.onDisk().securityVersion());
        install(v2("fw-ok", "2.0.0", MODEL, 3, VALID_UNTIL));
        DeviceState s = h.onDisk();
        assertEquals("2.0.0", s.firmwareVersion());
        assertEquals("applyComplete", s.finished("fw-ok").orElseThrow().status());
        assertEquals(3, s.securityVersion());
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
    }

    @Test
    void aDowngradeBelowTheStoredSecurityVersionIsRefusedAlsoAfterARestart() throws Exception {
        startDevice(FirmwarePolicy.NONE);
        install(v2("fw-5", "3.0.0", null, 5, VALID_UNTIL));
        assertEquals(5, h.onDisk().securityVersion());
        h.close();

        startDevice(FirmwarePolicy.NONE);
        assertEquals(5, h.onDisk().securityVersion(), "the stored security version survives a restart");
        int requests = server.requests();
        install(v2("fw-old", "2.0.0", null, 4, VALID_UNTIL));
        assertRefused("fw-old", DeviceErrorCodes.ROLLBACK_REFUSED, "3.0.0", requests);
        assertEquals(5, h.onDisk().securityVersion(), "a refusal never lowers it");

        // Once a security version is stored, a v1 manifest (security version 0, no expiry) is refused too.
        install(v1("fw-v1", "2.5.0"));
        assertRefused("fw-v1", DeviceErrorCodes.LEGACY_MANIFEST_REFUSED, "3.0.0", requests);

        // The same security version (a newer build of the same fix level) still installs.
        install(v2("fw-same", "3.0.1", null, 5, VALID_UNTIL));
        assertEquals("3.0.1", h.onDisk().firmwareVersion());
        assertEquals(5, h.onDisk().securityVersion());
    }

    @Test
    void theOperatorsDowngradeOverrideLetsExactlyItsVersionThroughAndIsAudited() throws Exception {
        startDevice(FirmwarePolicy.NONE);
        install(v2("fw-5", "3.0.0", null, 5, VALID_UNTIL));
        h.close();

        // The local operator allows 2.0.0 only (--allow-downgrade-to 2.0.0 on the device).
        startDevice(new FirmwarePolicy(null, Set.of(), "2.0.0"));
        int requests = server.requests();
        install(v2("fw-other", "2.1.0", null, 4, VALID_UNTIL));
        assertRefused("fw-other", DeviceErrorCodes.ROLLBACK_REFUSED, "3.0.0", requests);
        assertTrue(h.hub.reportedDm("firmwareUpdate")
                .getAsJsonObject("error")
                .get("message")
                .getAsString()
                .contains("--allow-downgrade-to 2.1.0"));

        install(v2("fw-down", "2.0.0", null, 4, VALID_UNTIL));
        DeviceState s = h.onDisk();
        assertEquals("2.0.0", s.firmwareVersion());
        assertEquals("applyComplete", s.finished("fw-down").orElseThrow().status());
        assertEquals(5, s.securityVersion(), "the highest installed security version is kept");
        assertTrue(
                s.audit().stream()
                        .anyMatch(a -> a.event()
                                .equals("firmwareUpdate downgrade to 2.0.0 (security version 4 below 5) allowed by"
                                        + " the operator's --allow-downgrade-to (fw-down)")),
                s.audit().toString());
        h.close();

        // Without the override the device is back to refusing it (and anything else below 5).
        startDevice(FirmwarePolicy.NONE);
        install(v2("fw-again", "2.0.1", null, 4, VALID_UNTIL));
        assertRefused("fw-again", DeviceErrorCodes.ROLLBACK_REFUSED, "2.0.0", server.requests());
    }

    @Test
    void aRollbackMethodCannotGoBelowTheHighestSecurityVersionWithoutTheOverride() throws Exception {
        startDevice(FirmwarePolicy.NONE);
        install(v2("fw-3", "3.0.0", null, 5, VALID_UNTIL));
        DeviceState before = h.onDisk();

        // The previous slot holds the factory 1.0.0 (security version 0): a direct method alone must not go there.
        MethodResult refused = h.call("rollback", "{\"operationId\":\"rb-1\"}");
        assertEquals(MethodStatus.BAD_REQUEST, refused.status());
        assertTrue(
                refused.payload()
                        .toString()
                        .contains("rollbackRefused: version 1.0.0 has security version 0, below"
                                + " the 5 this device has installed"),
                refused.payload().toString());
        DeviceState after = h.onDisk();
        assertEquals("3.0.0", after.firmwareVersion());
        assertEquals(before.slots(), after.slots(), "nothing switched");

        // A newer build of the same security version can be rolled back from: no downgrade.
        install(v2("fw-3.1", "3.0.1", null, 5, VALID_UNTIL));
        assertEquals(
                MethodStatus.ACCEPTED,
                h.call("rollback", "{\"operationId\":\"rb-2\"}").status());
        h.idle();
        assertEquals("3.0.0", h.onDisk().firmwareVersion());
        h.close();

        // Back on 3.0.1 (security version 5), whose fallback is now 3.0.0 (5): fine. Then to a version the
        // operator allowed below 5, and a rollback from there to 3.0.0 (5) is an upgrade, never refused.
        startDevice(new FirmwarePolicy(null, Set.of(), "2.0.0"));
        install(v2("fw-2", "2.0.0", null, 4, VALID_UNTIL));
        assertEquals("2.0.0", h.onDisk().firmwareVersion());
        assertEquals(
                MethodStatus.ACCEPTED,
                h.call("rollback", "{\"operationId\":\"rb-3\"}").status());
        h.idle();
        assertEquals("3.0.0", h.onDisk().firmwareVersion());
        // And back to 2.0.0 by rollback: a downgrade the override names, so allowed and audited.
        assertEquals(
                MethodStatus.ACCEPTED,
                h.call("rollback", "{\"operationId\":\"rb-4\"}").status());
        h.idle();
        DeviceState s = h.onDisk();
        assertEquals("2.0.0", s.firmwareVersion());
        assertEquals(5, s.securityVersion());
        assertTrue(
                s.audit().stream()
                        .anyMatch(a -> a.event()
                                .equals("rollback to 2.0.0 (security version 4 below 5) allowed by the operator's"
                                        + " --allow-downgrade-to (rb-4)")),
                s.audit().toString());
    }

    @Test
    void anExpiredManifestIsRefused() throws Exception {
        startDevice(FirmwarePolicy.NONE);
        install(v2("fw-expired", "2.0.0", null, 1, EXPIRED_AT));
        assertRefused("fw-expired", DeviceErrorCodes.MANIFEST_EXPIRED, AgentHarness.FACTORY_VERSION, 0);
        assertEquals(0, h.onDisk().securityVersion());
    }

    @Test
    void aManifestForAnotherModelOrForNoModelIsRefused() throws Exception {
        startDevice(new FirmwarePolicy(MODEL, Set.of()));
        install(v2("fw-other", "2.0.0", "fabrikam-cam-2", 1, VALID_UNTIL));
        assertRefused("fw-other", DeviceErrorCodes.MODEL_MISMATCH, AgentHarness.FACTORY_VERSION, 0);
        install(v2("fw-any", "2.0.0", null, 1, VALID_UNTIL));
        assertRefused("fw-any", DeviceErrorCodes.MODEL_MISMATCH, AgentHarness.FACTORY_VERSION, 0);
        // A device with a model never takes a v1 manifest, which names none.
        install(v1("fw-v1", "2.0.0"));
        assertRefused("fw-v1", DeviceErrorCodes.LEGACY_MANIFEST_REFUSED, AgentHarness.FACTORY_VERSION, 0);
    }

    @Test
    void aV1ManifestStillInstallsOnADeviceWithoutModelOrSecurityVersion() throws Exception {
        startDevice(FirmwarePolicy.NONE);
        install(v1("fw-v1", "2.0.0"));
        assertEquals("2.0.0", h.onDisk().firmwareVersion());
        assertEquals(0, h.onDisk().securityVersion());
    }

    @Test
    void aPackageHostOffTheAllowlistIsRefusedBeforeAnyConnection() throws Exception {
        String host = URI.create(server.url("/fw.bin")).getHost();
        startDevice(new FirmwarePolicy(null, Set.of("fw.example.com")));
        install(v2("fw-host", "2.0.0", null, 1, VALID_UNTIL));
        assertRefused("fw-host", DeviceErrorCodes.PACKAGE_HOST_NOT_ALLOWED, AgentHarness.FACTORY_VERSION, 0);
        assertTrue(h.hub.reportedDm("firmwareUpdate")
                .getAsJsonObject("error")
                .get("message")
                .getAsString()
                .contains(host));
        h.close();

        // The same host on the list (any case) is allowed.
        startDevice(new FirmwarePolicy(null, Set.of("fw.example.com", host.toUpperCase(Locale.ROOT))));
        install(v2("fw-host-ok", "2.0.0", null, 1, VALID_UNTIL));
        assertEquals("2.0.0", h.onDisk().firmwareVersion());
        assertEquals("b", h.onDisk().slots().active(), "installed into the other slot");
    }
}
