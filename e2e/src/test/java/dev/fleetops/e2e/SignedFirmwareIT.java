package dev.fleetops.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonObject;
import dev.fleetops.contract.FirmwareManifest;
import dev.fleetops.contract.Timestamps;
import dev.fleetops.contract.signing.SigningAlgorithm;
import dev.fleetops.device.action.UpdateSettings;
import dev.fleetops.device.manifest.FirmwarePolicy;
import dev.fleetops.device.manifest.ManifestSigner;
import dev.fleetops.device.manifest.ManifestVerifier;
import dev.fleetops.device.manifest.TrustedKey;
import dev.fleetops.device.runtime.DeviceRuntime;
import dev.fleetops.functions.http.DeviceActionFunctions;
import dev.fleetops.functions.wiring.FleetOpsInjector;
import dev.fleetops.testkit.Packages;
import dev.fleetops.testkit.http.TestHttpResponse;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Signed firmware end to end: the operator signs the manifest offline, the HTTP API passes the signature
 * and the manifest v2 terms through the back-end and IoT Hub, and devices that trust the signing key verify
 * it, and their fail-closed policy (model, security version, expiry, package hosts), before downloading.
 */
class SignedFirmwareIT {
    private static final Duration WAIT = Duration.ofSeconds(45);
    private static final KeyPair KEYS = ManifestSigner.generate(SigningAlgorithm.ED25519);
    private static final TrustedKey TRUSTED = TrustedKey.of(KEYS.getPublic());
    private static final ManifestSigner SIGNER = ManifestSigner.fromPem(ManifestSigner.privatePem(KEYS.getPrivate()));
    private static final String MODEL = "contoso-gw-1";

    @TempDir
    static Path dir;

    @AutoClose
    static LocalDevices fleet;

    static DeviceActionFunctions actions;
    static DeviceApi api;

    @BeforeAll
    static void start() throws Exception {
        // Model contoso-gw-1, packages only from the local package server (PackageServer#url: 127.0.0.1).
        UpdateSettings signedOnly = UpdateSettings.defaults()
                .withManifests(new ManifestVerifier(List.of(TRUSTED)))
                .withPolicy(new FirmwarePolicy(MODEL, Set.of("127.0.0.1")));
        fleet = LocalDevices.start(dir, "device-", 6, 6, new DeviceRuntime.Extras(null, signedOnly));
        FleetOpsInjector injector = Backend.on(
                fleet.hub,
                Map.of(
                        "PROGRESS_CONTAINER",
                        "e2e-" + UUID.randomUUID().toString().substring(0, 8),
                        "METHOD_RESPONSE_TIMEOUT_SECONDS",
                        "10"));
        api = DeviceApi.of(fleet.hub, injector, WAIT);
        actions = api.actions();
        api.awaitConnected(fleet.devices);
    }

    @Test
    void correctlySignedUpdateIsInstalled() throws Exception {
        byte[] image = Packages.randomBytes(32 * 1024);
        String url = fleet.packages.publish("/fw/signed-2.0.0.bin", image);
        String sha = Packages.sha256(image);
        String op = api.startFirmware(
                "device-001", "2.0.0", url, sha, image.length, v2("2.0.0", sha, image.length, MODEL, 1, inDays(30)));
        JsonObject done = api.awaitOperation("device-001", op, s -> s.equals("applyComplete") || s.endsWith("Failed"));
        assertEquals(
                "applyComplete", done.getAsJsonObject("operation").get("status").getAsString(), done.toString());
        assertEquals("2.0.0", done.get("firmwareVersion").getAsString());
    }

    /** The request fields of a signed v2 manifest, as {@code manifest sign} prints them. */
    private static String v2(
            String version, String sha, long size, String model, long securityVersion, String expires) {
        String sig = SIGNER.sign(
                new FirmwareManifest(version, sha, size, new FirmwareManifest.Terms(model, securityVersion, expires)));
        return ",\"signature\":\"" + sig + "\",\"signingKeyId\":\"" + TRUSTED.id() + "\""
                + (model == null ? "" : ",\"compatibility\":\"" + model + "\"")
                + ",\"securityVersion\":" + securityVersion + ",\"manifestExpiresAt\":\"" + expires + "\"";
    }

    private static String inDays(long days) {
        return Timestamps.format(Instant.now().plus(Duration.ofDays(days)));
    }

    private static JsonObject settled(String deviceId, String op) {
        return api.awaitOperation(
                deviceId, op, s -> !s.equals("pending") && (s.endsWith("Failed") || s.equals("applyComplete")));
    }

    private static void assertRefused(JsonObject done, String code, String running) {
        JsonObject operation = done.getAsJsonObject("operation");
        assertEquals("verifyFailed", operation.get("status").getAsString(), done.toString());
        assertEquals(code, operation.getAsJsonObject("error").get("code").getAsString(), done.toString());
        assertEquals(running, done.get("firmwareVersion").getAsString(), "running version untouched");
    }

    @Test
    void aSignedDowngradeBelowTheInstalledSecurityVersionIsRefused() throws Exception {
        byte[] image = Packages.randomBytes(16 * 1024);
        String url = fleet.packages.publish("/fw/sv3-4.0.0.bin", image);
        String sha = Packages.sha256(image);
        String op = api.startFirmware(
                "device-004", "4.0.0", url, sha, image.length, v2("4.0.0", sha, image.length, MODEL, 3, inDays(30)));
        assertEquals(
                "applyComplete",
                settled("device-004", op)
                        .getAsJsonObject("operation")
                        .get("status")
                        .getAsString());

        // An older release, genuinely signed and not expired, with the security version it shipped with.
        byte[] old = Packages.randomBytes(16 * 1024);
        String oldUrl = fleet.packages.publish("/fw/sv2-3.9.0.bin", old);
        String oldSha = Packages.sha256(old);
        int requests = fleet.packages.requests();
        String back = api.startFirmware(
                "device-004",
                "3.9.0",
                oldUrl,
                oldSha,
                old.length,
                v2("3.9.0", oldSha, old.length, MODEL, 2, inDays(30)));
        assertRefused(settled("device-004", back), "rollbackRefused", "4.0.0");
        assertEquals(requests, fleet.packages.requests(), "nothing downloaded");
    }

    @Test
    void anExpiredSignedManifestIsRefused() throws Exception {
        byte[] image = Packages.randomBytes(8 * 1024);
        String url = fleet.packages.publish("/fw/expired.bin", image);
        String sha = Packages.sha256(image);
        String op = api.startFirmware(
                "device-005",
                "2.0.0",
                url,
                sha,
                image.length,
                v2(
                        "2.0.0",
                        sha,
                        image.length,
                        MODEL,
                        1,
                        Timestamps.format(Instant.now().minus(Duration.ofDays(1)))));
        assertRefused(settled("device-005", op), "manifestExpired", "1.0.0");
    }

    @Test
    void anotherModelsFirmwareAndAForeignPackageHostAreRefused() throws Exception {
        byte[] image = Packages.randomBytes(8 * 1024);
        String url = fleet.packages.publish("/fw/other-model.bin", image);
        String sha = Packages.sha256(image);
        String op = api.startFirmware(
                "device-006",
                "2.0.0",
                url,
                sha,
                image.length,
                v2("2.0.0", sha, image.length, "fabrikam-cam-2", 1, inDays(30)));
        assertRefused(settled("device-006", op), "modelMismatch", "1.0.0");
        // Right model and signature, but a host the device does not download from: refused before connecting.
        String foreign = api.startFirmware(
                "device-006",
                "2.0.0",
                "https://fw.example.invalid/fw.bin",
                sha,
                image.length,
                v2("2.0.0", sha, image.length, MODEL, 1, inDays(30)));
        assertRefused(settled("device-006", foreign), "packageHostNotAllowed", "1.0.0");
    }

    @Test
    void signatureOverAnotherVersionEndsVerifyFailedAndKeepsTheRunningVersion() throws Exception {
        String before = api.status("device-002", null).get("firmwareVersion").getAsString();
        byte[] image = Packages.randomBytes(16 * 1024);
        String url = fleet.packages.publish("/fw/evil.bin", image);
        String sha = Packages.sha256(image);
        // A genuine signature for 2.0.0, replayed onto a request that claims 6.6.6.
        String sig = SIGNER.sign(new FirmwareManifest("2.0.0", sha, (long) image.length));
        String op = api.startFirmware("device-002", "6.6.6", url, sha, image.length, ",\"signature\":\"" + sig + "\"");
        JsonObject done = api.awaitOperation(
                "device-002", op, s -> !s.equals("pending") && (s.endsWith("Failed") || s.equals("applyComplete")));
        JsonObject operation = done.getAsJsonObject("operation");
        assertEquals("verifyFailed", operation.get("status").getAsString(), done.toString());
        assertEquals(
                "signatureInvalid",
                operation.getAsJsonObject("error").get("code").getAsString());
        assertEquals(before, done.get("firmwareVersion").getAsString(), "running version untouched");
    }

    @Test
    void unsignedUpdateEndsVerifyFailed() throws Exception {
        byte[] image = Packages.randomBytes(8 * 1024);
        String url = fleet.packages.publish("/fw/unsigned.bin", image);
        String op = api.startFirmware("device-003", "3.0.0", url, Packages.sha256(image), image.length, "");
        JsonObject done = api.awaitOperation(
                "device-003", op, s -> !s.equals("pending") && (s.endsWith("Failed") || s.equals("applyComplete")));
        assertEquals(
                "verifyFailed", done.getAsJsonObject("operation").get("status").getAsString(), done.toString());
        assertEquals(
                "signatureMissing",
                done.getAsJsonObject("operation")
                        .getAsJsonObject("error")
                        .get("code")
                        .getAsString());
        assertEquals("1.0.0", done.get("firmwareVersion").getAsString());
    }

    @Test
    void malformedSignatureIsA400NamingTheFieldAndNeverReachesTheDevice() {
        String body = "{\"version\":\"2.0.0\",\"packageUri\":\"https://x.example/fw.bin\",\"sha256\":\""
                + "a".repeat(64) + "\",\"signature\":\"not base64!\"}";
        TestHttpResponse r = api.firmwareUpdate("device-003", body);
        assertEquals(400, r.code(), String.valueOf(r.getBody()));
        assertEquals("signature", r.firstErrorField());
    }
}
