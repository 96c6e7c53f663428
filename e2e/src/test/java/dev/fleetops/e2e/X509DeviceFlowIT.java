package dev.fleetops.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.fleetops.device.identity.DeviceCertificate;
import dev.fleetops.device.identity.SelfSignedCertificate;
import dev.fleetops.device.runtime.DeviceRuntime;
import dev.fleetops.device.transport.TlsContexts;
import dev.fleetops.functions.http.DeviceActionFunctions;
import dev.fleetops.functions.support.TestContext;
import dev.fleetops.localhub.LocalHub;
import dev.fleetops.localhub.hub.DeviceCredential;
import dev.fleetops.localhub.x509.Thumbprints;
import dev.fleetops.testkit.http.TestHttpRequest;
import dev.fleetops.testkit.http.TestHttpResponse;
import dev.fleetops.testkit.tls.TestPki;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * X.509 devices as production fleets run them: the FleetOps agent on the real device SDK authenticates with its
 * certificate and key (no SAS key anywhere) to the local hub's MQTT/TLS listener, and a reboot started through the
 * back-end completes. One device is self-signed (registered by thumbprint), one CA-signed (CN = device id, issued
 * under a CA the hub was told to trust); a third presents a certificate that is not the registered one and never
 * connects.
 */
class X509DeviceFlowIT {
    private static final Duration WAIT = Duration.ofSeconds(45);

    @TempDir
    static Path dir;

    static LocalHub hub;
    static final List<DeviceRuntime> devices = new ArrayList<>();
    static DeviceApi api;
    static DeviceActionFunctions actions;

    @BeforeAll
    static void start() throws Exception {
        TestPki.Issued root = TestPki.ca("FleetOps E2E Device Root");
        Path rootPem = Files.writeString(dir.resolve("root-ca.pem"), TestPki.pem(root.certificate()));
        hub = LocalHub.builder()
                .stateDir(dir.resolve("hub"))
                .httpsPort(0)
                .verifiedCa(rootPem)
                .start();
        HttpsURLConnection.setDefaultSSLSocketFactory(hub.tls().clientContext().getSocketFactory());

        // Self-signed: the device makes its own certificate in its state directory; the back-end registers the
        // thumbprint.
        SelfSignedCertificate.Created self =
                SelfSignedCertificate.createOrLoad(dir.resolve("x509-self"), "x509-self", Duration.ofDays(30));
        hub.hub().addDevice("x509-self", new DeviceCredential.SelfSigned(self.sha256(), null), true);
        startDevice("x509-self", self.certFile(), self.keyFile());

        // CA-signed: the manufacturer's CA issued CN=x509-ca; the registry holds no secret for it at all.
        Path caDir = dir.resolve("x509-ca");
        Path caCert = TestPki.issued("x509-ca", root).write(caDir, "device", root.certificate());
        hub.hub().addDevice("x509-ca", new DeviceCredential.CertificateAuthority(), true);
        startDevice("x509-ca", caCert, caDir.resolve("device-key.pem"));

        // Registered with one certificate's thumbprint, running with another.
        String registered = Thumbprints.sha1(TestPki.selfSigned("x509-wrong").certificate());
        hub.hub().addDevice("x509-wrong", new DeviceCredential.SelfSigned(registered, null), true);
        SelfSignedCertificate.Created wrong =
                SelfSignedCertificate.createOrLoad(dir.resolve("x509-wrong"), "x509-wrong", Duration.ofDays(30));
        startDevice("x509-wrong", wrong.certFile(), wrong.keyFile());

        String container = "e2e-x509-" + UUID.randomUUID().toString().substring(0, 8);
        var injector =
                Backend.on(hub, Map.of("PROGRESS_CONTAINER", container, "METHOD_RESPONSE_TIMEOUT_SECONDS", "10"));
        api = DeviceApi.of(hub, injector, WAIT);
        actions = api.actions();
        api.awaitConnected("x509-self");
        api.awaitConnected("x509-ca");
    }

    /** As {@code device-app --connection-string …;x509=true --cert-file … --key-file … --ca-file hub-ca.pem} does. */
    private static void startDevice(String id, Path cert, Path key) throws Exception {
        DeviceCertificate identity = DeviceCertificate.load(cert, key);
        SSLContext trust = TlsContexts.trustingDefaultsPlus(hub.caFile());
        SSLContext hubTls = TlsContexts.withClientCertificate(hub.caFile(), identity.key(), identity.chain());
        devices.add(DeviceRuntime.start(
                new DeviceRuntime.Settings(
                        hub.deviceConnectionString(id), dir.resolve(id), trust, Duration.ofSeconds(1), "1.0.0", hubTls),
                w -> {}));
    }

    @AfterAll
    static void stop() {
        devices.forEach(DeviceRuntime::close);
        if (hub != null) {
            hub.close();
        }
    }

    @Test
    void theConnectionStringsCarryNoSecret() {
        assertEquals("HostName=127.0.0.1;DeviceId=x509-ca;x509=true", hub.deviceConnectionString("x509-ca"));
    }

    @Test
    void aSelfSignedDeviceCompletesAReboot() {
        reboot("x509-self");
    }

    @Test
    void aCaSignedDeviceCompletesAReboot() {
        reboot("x509-ca");
    }

    @Test
    void aDeviceWithTheWrongCertificateIsRefusedAndOfflineToTheBackEnd() throws Exception {
        // The other two connected meanwhile; this one has been retrying since before them.
        Thread.sleep(2000);
        assertFalse(hub.hub().isConnected("x509-wrong"));
        TestHttpResponse r = TestHttpResponse.of(
                actions.reboot(TestHttpRequest.post("/x", null), "x509-wrong", new TestContext("Reboot")));
        assertEquals(409, r.code(), String.valueOf(r.getBody()));
        assertEquals("device-offline", r.json().get("code").getAsString());
    }

    private static void reboot(String deviceId) {
        JsonObject before = api.status(deviceId, null);
        TestHttpResponse r = TestHttpResponse.of(
                actions.reboot(TestHttpRequest.post("/x", null), deviceId, new TestContext("Reboot")));
        assertEquals(202, r.code(), String.valueOf(r.getBody()));
        String op = r.json().get("operationId").getAsString();
        JsonObject done = api.awaitOperation(deviceId, op, s -> s.equals("completed"));
        long bootsBefore = before.has("reboot")
                ? before.getAsJsonObject("reboot").get("bootCount").getAsLong()
                : 1;
        assertTrue(done.getAsJsonObject("reboot").get("bootCount").getAsLong() > bootsBefore, done.toString());
        // The reboot closed the session; the device came back with its certificate, not a key.
        api.awaitConnected(deviceId);
    }
}
