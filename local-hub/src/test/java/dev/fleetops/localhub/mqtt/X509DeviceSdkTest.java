package dev.fleetops.localhub.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.microsoft.azure.sdk.iot.device.ClientOptions;
import com.microsoft.azure.sdk.iot.device.DeviceClient;
import com.microsoft.azure.sdk.iot.device.IotHubClientProtocol;
import com.microsoft.azure.sdk.iot.device.IotHubStatusCode;
import com.microsoft.azure.sdk.iot.device.exceptions.IotHubClientException;
import dev.fleetops.localhub.hub.DeviceCredential;
import dev.fleetops.localhub.hub.Hub;
import dev.fleetops.localhub.tls.TlsMaterial;
import dev.fleetops.localhub.x509.Thumbprints;
import dev.fleetops.testkit.tls.TestPki;
import dev.fleetops.testkit.tls.TestPki.Issued;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The unmodified Java device SDK authenticating with X.509 ({@code x509=true} and a key in the SSLContext: no
 * password on the wire) against the hub's MQTT/TLS listener on 127.0.0.1:8883, the port the SDK hard-codes.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class X509DeviceSdkTest {
    private static final int SDK_PORT = 8883;
    private static final Issued ROOT = TestPki.ca("Fleet Test Root");

    @TempDir
    static Path tlsDir;

    private static TlsMaterial tls;
    private static Hub hub;
    private static MqttServer server;

    @BeforeAll
    static void startHub() throws Exception {
        hub = TestHubs.hubWithDevice(TestHubs.newKey());
        hub.verifiedCas().add(ROOT.certificate());
        tls = TlsMaterial.loadOrCreate(tlsDir, List.of());
        server = new MqttServer(hub, tls.deviceServerContext(), TestHubs.HOST, SDK_PORT, MqttLimits.defaults());
        try {
            server.start();
        } catch (IllegalStateException e) {
            fail("port " + SDK_PORT + " must be free: the Java device SDK hard-codes it (" + e.getMessage() + ")");
        }
    }

    @AfterAll
    static void stopHub() {
        if (server != null) {
            server.close();
        }
        if (hub != null) {
            hub.close();
        }
    }

    @Test
    void aSelfSignedDeviceConnectsWithTheRegisteredThumbprint() throws Exception {
        Issued cert = TestPki.selfSigned("self-1");
        hub.addDevice("self-1", new DeviceCredential.SelfSigned(Thumbprints.sha256(cert.certificate()), null), true);
        assertConnects("self-1", cert);
    }

    @Test
    void aCaSignedDeviceConnectsWithItsChain() throws Exception {
        Issued leaf = TestPki.issued("ca-1", ROOT);
        hub.addDevice("ca-1", new DeviceCredential.CertificateAuthority(), true);
        assertConnects("ca-1", leaf);
    }

    @Test
    void theWrongCertificateIsRefusedAsUnauthorized() throws Exception {
        hub.addDevice(
                "self-2",
                new DeviceCredential.SelfSigned(
                        Thumbprints.sha1(TestPki.selfSigned("self-2").certificate()), null),
                true);
        assertRefused("self-2", TestPki.selfSigned("self-2"));
        hub.addDevice("ca-2", new DeviceCredential.CertificateAuthority(), true);
        assertRefused("ca-2", TestPki.issued("ca-2", TestPki.ca("Unverified Root")));
        assertRefused("ca-2", TestPki.issued("ca-1", ROOT));
    }

    @Test
    void aSasDeviceCannotConnectWithACertificate() throws Exception {
        assertRefused(TestHubs.DEVICE, TestPki.selfSigned(TestHubs.DEVICE));
    }

    private static void assertConnects(String deviceId, Issued cert) throws Exception {
        DeviceClient client = client(deviceId, cert);
        try {
            client.open(false);
            assertTrue(hub.isConnected(deviceId));
        } finally {
            client.close();
        }
    }

    private static void assertRefused(String deviceId, Issued cert) {
        DeviceClient client = client(deviceId, cert);
        try {
            IotHubClientException e = assertThrows(IotHubClientException.class, () -> client.open(false));
            assertEquals(IotHubStatusCode.UNAUTHORIZED, e.getStatusCode());
        } finally {
            client.close();
        }
    }

    /** As a device app does it: the device's key and certificate, and trust of the hub's CA, in one SSLContext. */
    private static DeviceClient client(String deviceId, Issued cert) {
        try {
            char[] pw = "x".toCharArray();
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("device", cert.keys().getPrivate(), pw, new Certificate[] {cert.certificate()});
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, pw);
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("hub", (X509Certificate) tls.caCertificate());
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            return new DeviceClient(
                    "HostName=" + TestHubs.HOST + ";DeviceId=" + deviceId + ";x509=true",
                    IotHubClientProtocol.MQTT,
                    ClientOptions.builder().sslContext(ctx).build());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
