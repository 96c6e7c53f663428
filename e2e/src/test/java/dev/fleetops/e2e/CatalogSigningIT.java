package dev.fleetops.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.fleetops.contract.signing.SigningAlgorithm;
import dev.fleetops.core.identity.ClientPrincipalHeaders;
import dev.fleetops.device.action.UpdateSettings;
import dev.fleetops.device.manifest.FirmwarePolicy;
import dev.fleetops.device.manifest.ManifestSigner;
import dev.fleetops.device.manifest.ManifestVerifier;
import dev.fleetops.device.manifest.TrustedKey;
import dev.fleetops.device.runtime.DeviceRuntime;
import dev.fleetops.functions.http.DeviceActionFunctions;
import dev.fleetops.functions.http.DeviceStatusFunctions;
import dev.fleetops.functions.http.FirmwareFunctions;
import dev.fleetops.functions.support.TestContext;
import dev.fleetops.functions.wiring.FleetOpsInjector;
import dev.fleetops.standins.http.WorkerHttpRequest;
import dev.fleetops.testkit.Packages;
import dev.fleetops.testkit.Waits;
import dev.fleetops.testkit.http.TestHttpRequest;
import dev.fleetops.testkit.http.TestHttpResponse;
import dev.fleetops.testkit.storage.HttpsAzurite;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * FleetOps signs a catalog version with its configured key ({@code FIRMWARE_SIGNING_KEY}) when a second Admin asks,
 * and devices that trust only that key install it: the local hub, device agents that refuse unsigned firmware, the
 * catalog on Azurite over HTTPS, and the app in-process with App Service Authentication's principal header. Before
 * signing the same version is refused on the device (signatureMissing); the registrar cannot sign their own upload, an
 * Operator cannot sign at all, and a signature is never replaced.
 */
class CatalogSigningIT {
    private static final String RUN = UUID.randomUUID().toString().substring(0, 6);
    private static final String VERSION = "5.0." + Math.abs(RUN.hashCode() % 100000);
    private static final KeyPair KEYS = ManifestSigner.generate(SigningAlgorithm.ED25519);
    private static final TrustedKey TRUSTED = TrustedKey.of(KEYS.getPublic());
    private static final String ADA = "0a0a0a0a-0000-4000-8000-00000000000a";
    private static final String BEN = "0b0b0b0b-0000-4000-8000-00000000000b";
    private static final String OTTO = "0c0c0c0c-0000-4000-8000-00000000000c";

    @TempDir
    static Path dir;

    @AutoClose
    static LocalDevices fleet;

    @AutoClose
    static HttpsAzurite azurite;

    static FirmwareFunctions catalog;
    static DeviceActionFunctions actions;
    static DeviceStatusFunctions status;
    static HttpClient http;

    @BeforeAll
    static void start() throws Exception {
        SharedTls.seed(dir.resolve("hub"));
        UpdateSettings signedOnly = UpdateSettings.defaults()
                .withManifests(new ManifestVerifier(List.of(TRUSTED)))
                .withPolicy(new FirmwarePolicy(null, Set.of("127.0.0.1")));
        fleet = LocalDevices.start(dir, "sig-", 2, 2, new DeviceRuntime.Extras(null, signedOnly));
        azurite = HttpsAzurite.start(dir.resolve("hub"), dir.resolve("azurite-https"));
        http = HttpClient.newBuilder()
                .sslContext(fleet.hub.tls().clientContext())
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        String pem = ManifestSigner.privatePem(KEYS.getPrivate()) + ManifestSigner.publicPem(KEYS.getPublic());
        FleetOpsInjector injector = Backend.on(
                fleet.hub,
                Map.of(
                        "FLEETOPS_AUTH",
                        "entra",
                        "FIRMWARE_STORAGE_CONNECTION_STRING",
                        azurite.connectionString(),
                        "FIRMWARE_CONTAINER",
                        "signing-" + RUN,
                        "FIRMWARE_SIGNING_KEY",
                        pem,
                        "METHOD_RESPONSE_TIMEOUT_SECONDS",
                        "10"));
        catalog = injector.getInstance(FirmwareFunctions.class);
        actions = injector.getInstance(DeviceActionFunctions.class);
        status = injector.getInstance(DeviceStatusFunctions.class);
        fleet.awaitConnected();
    }

    @Test
    void aSecondAdminsSignatureMakesTheVersionInstallableOnDevicesThatTrustOnlyFleetOpsKey() throws Exception {
        // Ada (Admin) registers, uploads and completes an unsigned version.
        TestHttpResponse registered = TestHttpResponse.of(catalog.register(
                as(TestHttpRequest.post("/api/firmware", "{\"name\":\"gw\",\"version\":\"" + VERSION + "\"}"), ADA),
                new TestContext("RegisterFirmware")));
        assertEquals(201, registered.code(), String.valueOf(registered.getBody()));
        byte[] image = Packages.randomBytes(64 * 1024);
        HttpResponse<String> put = http.send(
                HttpRequest.newBuilder(URI.create(registered
                                .json()
                                .getAsJsonObject("upload")
                                .get("url")
                                .getAsString()))
                        .header("x-ms-blob-type", "BlockBlob")
                        .PUT(HttpRequest.BodyPublishers.ofByteArray(image))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(201, put.statusCode(), put.body());
        TestHttpResponse ready = TestHttpResponse.of(catalog.complete(
                as(TestHttpRequest.post("/api/firmware/" + VERSION + "/complete", null), ADA),
                VERSION,
                new TestContext("CompleteFirmware")));
        assertEquals(200, ready.code(), String.valueOf(ready.getBody()));
        assertFalse(ready.json().has("signature"), ready.json().toString());

        // Unsigned, the devices refuse it before downloading.
        JsonObject refused = update("sig-001");
        assertEquals("verifyFailed", refused.get("status").getAsString(), refused.toString());
        assertEquals(
                "signatureMissing", refused.getAsJsonObject("error").get("code").getAsString());

        // Ada may not sign her own upload; Otto (Operator) may not sign at all.
        TestHttpResponse own = sign(ADA, "FleetOps.Admin");
        assertEquals(403, own.code(), String.valueOf(own.getBody()));
        assertEquals("firmware-self-sign", own.json().get("code").getAsString());
        assertEquals(403, sign(OTTO, "FleetOps.Operator").code());

        // Ben (another Admin) signs: FleetOps' key, over the hash and size FleetOps measured.
        TestHttpResponse signed = sign(BEN, "FleetOps.Admin");
        assertEquals(200, signed.code(), String.valueOf(signed.getBody()));
        assertEquals(TRUSTED.id(), signed.json().get("signingKeyId").getAsString());
        assertTrue(
                signed.json().get("signedBy").getAsString().contains(BEN),
                signed.json().toString());
        TestHttpResponse again = sign(BEN, "FleetOps.Admin");
        assertEquals(409, again.code());
        assertEquals("firmware-already-signed", again.json().get("code").getAsString());

        // Signed, a device that trusts only FleetOps' key installs it.
        JsonObject installed = update("sig-002");
        assertEquals("applyComplete", installed.get("status").getAsString(), installed.toString());
        assertEquals(VERSION, reported("sig-002").get("firmwareVersion").getAsString());
    }

    private static TestHttpResponse sign(String oid, String role) {
        return TestHttpResponse.of(catalog.sign(
                as(TestHttpRequest.post("/api/firmware/" + VERSION + "/sign", null), oid, role),
                VERSION,
                new TestContext("SignFirmware")));
    }

    /** A single-device update by catalog version, then the device's firmwareUpdate section once it ended. */
    private static JsonObject update(String deviceId) {
        TestHttpResponse started = TestHttpResponse.of(actions.firmwareUpdate(
                as(TestHttpRequest.post("/x", "{\"catalogVersion\":\"" + VERSION + "\"}"), BEN),
                deviceId,
                new TestContext("FirmwareUpdate")));
        assertEquals(202, started.code(), String.valueOf(started.getBody()));
        String op = started.json().get("operationId").getAsString();
        return Waits.until(
                Waits.upTo(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)),
                () -> Optional.ofNullable(reported(deviceId).getAsJsonObject("firmwareUpdate"))
                        .orElse(new JsonObject()),
                s -> s.has("operationId")
                        && op.equals(s.get("operationId").getAsString())
                        && (s.get("status").getAsString().endsWith("Failed")
                                || s.get("status").getAsString().equals("applyComplete")),
                last -> deviceId + " did not end operation " + op + "; last: " + last);
    }

    private static JsonObject reported(String deviceId) {
        return fleet.hub
                .hub()
                .twin(deviceId)
                .getAsJsonObject("properties")
                .getAsJsonObject("reported")
                .getAsJsonObject("iothubDM");
    }

    private static WorkerHttpRequest<Optional<String>> as(WorkerHttpRequest<Optional<String>> r, String oid) {
        return as(r, oid, "FleetOps.Admin");
    }

    /** The principal App Service Authentication would pass for a signed-in user with {@code role}. */
    private static WorkerHttpRequest<Optional<String>> as(
            WorkerHttpRequest<Optional<String>> r, String oid, String role) {
        return r.withHeader(
                "x-ms-client-principal",
                ClientPrincipalHeaders.encode(
                        ClientPrincipalHeaders.userJson(oid, "user-" + oid.substring(0, 4), role)));
    }
}
