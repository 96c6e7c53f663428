package dev.fleetops.localhub.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.azure.core.credential.AzureSasCredential;
import com.microsoft.azure.sdk.iot.service.auth.AuthenticationType;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubBadFormatException;
import com.microsoft.azure.sdk.iot.service.registry.Device;
import com.microsoft.azure.sdk.iot.service.registry.RegistryClient;
import com.microsoft.azure.sdk.iot.service.twin.TwinClient;
import dev.fleetops.localhub.hub.DeviceCredential;
import dev.fleetops.localhub.hub.Hub;
import dev.fleetops.localhub.state.FileRegistryStore;
import dev.fleetops.localhub.testsupport.TestHub;
import dev.fleetops.localhub.tls.TlsMaterial;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** X.509 identities registered and read back with the unmodified iot-service-client 2.1.9, as a back-end does. */
class X509RegistrySdkTest {
    private static final String SHA1 = "0123456789ABCDEF0123456789ABCDEF01234567";
    private static final String SHA256 = "ab".repeat(32);

    @TempDir
    static Path stateDir;

    static Hub hub;
    static HttpsServer server;
    static RegistryClient registry;
    static TwinClient twins;

    @BeforeAll
    static void start() throws Exception {
        TlsMaterial tls = TestHub.trustedByTheJvm(stateDir.resolve("tls"));
        hub = new Hub(
                "127.0.0.1",
                dev.fleetops.localhub.auth.AccessPolicy.defaults(new java.security.SecureRandom()),
                Clock.systemUTC(),
                new FileRegistryStore(stateDir),
                10);
        server = new HttpsServer(new RestApi(hub, Set.of("127.0.0.1")), tls.serverContext(), "127.0.0.1", 0);
        String endpoint = "127.0.0.1:" + server.start();
        AzureSasCredential owner =
                new AzureSasCredential(TestHub.serviceToken(hub.policies(), "iothubowner", Duration.ofHours(1)));
        registry = new RegistryClient(endpoint, owner);
        twins = new TwinClient(endpoint, owner);
    }

    @AfterAll
    static void stop() {
        server.close();
        hub.close();
    }

    @Test
    void aSelfSignedDeviceKeepsItsThumbprintsAndHasNoKeys() throws Exception {
        Device d = new Device("x509-self", AuthenticationType.SELF_SIGNED);
        d.setThumbprint(SHA1.toLowerCase(), SHA256);
        Device created = registry.addDevice(d);
        assertEquals(AuthenticationType.SELF_SIGNED, created.getAuthenticationType());
        assertEquals(SHA1, created.getPrimaryThumbprint());
        assertEquals(SHA256.toUpperCase(), created.getSecondaryThumbprint());
        assertNull(created.getPrimaryKey());
        var twin = hub.twin("x509-self");
        assertEquals("selfSigned", twin.get("authenticationType").getAsString());
        assertEquals(
                SHA1,
                twin.getAsJsonObject("x509Thumbprint").get("primaryThumbprint").getAsString());
        assertEquals("x509-self", twins.get("x509-self").getDeviceId(), "the SDK parses the twin");
    }

    @Test
    void aCaDeviceHasNeitherKeysNorThumbprints() throws Exception {
        Device created = registry.addDevice(new Device("x509-ca", AuthenticationType.CERTIFICATE_AUTHORITY));
        assertEquals(AuthenticationType.CERTIFICATE_AUTHORITY, created.getAuthenticationType());
        assertNull(created.getPrimaryThumbprint());
        assertNull(created.getPrimaryKey());
        assertInstanceOf(
                DeviceCredential.CertificateAuthority.class,
                hub.device("x509-ca").orElseThrow().credential());
    }

    @Test
    void anUpdateKeepsTheX509CredentialAndCanRotateTheThumbprint() throws Exception {
        Device d = new Device("x509-rot", AuthenticationType.SELF_SIGNED);
        d.setThumbprint(SHA1, null);
        Device created = registry.addDevice(d);
        created.setThumbprint(SHA1, SHA256);
        Device updated = registry.updateDevice(created);
        assertEquals(SHA1, updated.getPrimaryThumbprint());
        assertEquals(SHA256.toUpperCase(), updated.getSecondaryThumbprint());
        assertEquals(
                AuthenticationType.SELF_SIGNED, registry.getDevice("x509-rot").getAuthenticationType());
    }

    @Test
    void aThumbprintThatIsNoHexDigestIsRefused() {
        Device d = new Device("x509-bad", AuthenticationType.SELF_SIGNED);
        d.setThumbprint("AAAA", null);
        assertThrows(IotHubBadFormatException.class, () -> registry.addDevice(d));
    }

    @Test
    void x509DevicesSurviveARestart() throws Exception {
        Device d = new Device("x509-kept", AuthenticationType.SELF_SIGNED);
        d.setThumbprint(SHA1, null);
        registry.addDevice(d);
        registry.addDevice(new Device("x509-kept-ca", AuthenticationType.CERTIFICATE_AUTHORITY));
        Hub restarted = new Hub("127.0.0.1", hub.policies(), Clock.systemUTC(), new FileRegistryStore(stateDir), 10);
        assertEquals(
                new DeviceCredential.SelfSigned(SHA1, null),
                restarted.device("x509-kept").orElseThrow().credential());
        assertInstanceOf(
                DeviceCredential.CertificateAuthority.class,
                restarted.device("x509-kept-ca").orElseThrow().credential());
        restarted.close();
    }
}
