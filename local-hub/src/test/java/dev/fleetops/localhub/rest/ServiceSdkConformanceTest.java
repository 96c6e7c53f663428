package dev.fleetops.localhub.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.azure.core.credential.AzureSasCredential;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubConflictException;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubException;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubGatewayTimeoutException;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubNotFoundException;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubPreconditionFailedException;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubUnauthorizedException;
import com.microsoft.azure.sdk.iot.service.methods.DirectMethodRequestOptions;
import com.microsoft.azure.sdk.iot.service.methods.DirectMethodResponse;
import com.microsoft.azure.sdk.iot.service.methods.DirectMethodsClient;
import com.microsoft.azure.sdk.iot.service.query.QueryClient;
import com.microsoft.azure.sdk.iot.service.query.QueryPageOptions;
import com.microsoft.azure.sdk.iot.service.query.RawQueryResponse;
import com.microsoft.azure.sdk.iot.service.query.TwinQueryResponse;
import com.microsoft.azure.sdk.iot.service.registry.Device;
import com.microsoft.azure.sdk.iot.service.registry.DeviceStatus;
import com.microsoft.azure.sdk.iot.service.registry.RegistryClient;
import com.microsoft.azure.sdk.iot.service.registry.RegistryStatistics;
import com.microsoft.azure.sdk.iot.service.twin.Twin;
import com.microsoft.azure.sdk.iot.service.twin.TwinClient;
import dev.fleetops.localhub.auth.AccessPolicy;
import dev.fleetops.localhub.auth.SasToken;
import dev.fleetops.localhub.hub.Hub;
import dev.fleetops.localhub.hub.TestLink;
import dev.fleetops.localhub.testsupport.TestHub;
import dev.fleetops.localhub.tls.TlsMaterial;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Drives the REST API with the unmodified iot-service-client 2.1.9 over real HTTPS. */
class ServiceSdkConformanceTest {
    @TempDir
    static Path stateDir;

    static Hub hub;
    static HttpsServer server;
    static String endpoint;

    @BeforeAll
    static void start() throws Exception {
        TlsMaterial tls = TestHub.trustedByTheJvm(stateDir);
        hub = TestHub.inMemory(100);
        server = new HttpsServer(
                new RestApi(hub, Set.of("127.0.0.1", "localhost")), tls.serverContext(), "127.0.0.1", 0);
        endpoint = "127.0.0.1:" + server.start();
    }

    @AfterAll
    static void stop() {
        server.close();
        hub.close();
    }

    static AzureSasCredential credential(String policy) {
        return new AzureSasCredential(TestHub.serviceToken(hub.policies(), policy, Duration.ofHours(1)));
    }

    /** A connected device whose method handler answers with the method name and payload. */
    static final class EchoDevice extends TestLink {
        final String id;
        final List<String> desired = new ArrayList<>();
        boolean silent;

        EchoDevice(String id) {
            super(true, true);
            this.id = id;
        }

        @Override
        public void sendMethodRequest(String methodName, String requestId, byte[] payload) {
            if (!silent) {
                String body = "{\"method\":\"" + methodName + "\",\"got\":"
                        + new String(payload, StandardCharsets.UTF_8) + "}";
                hub.methodResponse(id, requestId, 200, body.getBytes(StandardCharsets.UTF_8));
            }
        }

        @Override
        public void sendDesiredPatch(long version, byte[] body) {
            desired.add(new String(body, StandardCharsets.UTF_8));
        }
    }

    @Test
    void registryCreatesReadsUpdatesAndDeletesDevices() throws Exception {
        RegistryClient registry = new RegistryClient(endpoint, credential("registryReadWrite"));
        Device created = registry.addDevice(new Device("reg-1"));
        assertEquals("reg-1", created.getDeviceId());
        assertNotNull(created.getPrimaryKey(), "the SDK-generated key is kept");
        assertThrows(IotHubConflictException.class, () -> registry.addDevice(new Device("reg-1")));
        Device read = registry.getDevice("reg-1");
        assertEquals(created.getPrimaryKey(), read.getPrimaryKey());
        assertEquals(DeviceStatus.Enabled, read.getStatus());
        read.setStatus(DeviceStatus.Disabled);
        assertEquals(DeviceStatus.Disabled, registry.updateDevice(read).getStatus());
        RegistryStatistics stats = registry.getStatistics();
        assertTrue(stats.getTotalDeviceCount() >= 1);
        assertTrue(stats.getDisabledDeviceCount() >= 1);
        registry.removeDevice("reg-1");
        IotHubNotFoundException gone = assertThrows(IotHubNotFoundException.class, () -> registry.getDevice("reg-1"));
        assertEquals(404001, gone.getErrorCode());
    }

    @Test
    void twinsArePatchedReplacedAndGuardedByEtags() throws Exception {
        hub.addDevice("twin-1", null, null, true);
        EchoDevice device = new EchoDevice("twin-1");
        hub.attach("twin-1", device);
        TwinClient twins = new TwinClient(endpoint, credential("service"));
        Twin twin = twins.get("twin-1");
        assertEquals("twin-1", twin.getDeviceId());
        assertEquals("CONNECTED", twin.getConnectionState().toUpperCase());
        twin.getTags().put("region", "eu");
        twin.getDesiredProperties().put("interval", 30);
        Twin patched = twins.patch(twin);
        assertEquals("eu", patched.getTags().get("region"));
        assertEquals(2, patched.getDesiredProperties().getVersion());
        assertTrue(
                device.desired.get(0).contains("\"interval\":30")
                        && device.desired.get(0).contains("\"$version\":2"),
                device.desired.toString());
        // Quoted, as IoT Hub needs it to compare: TwinClient sends ifMatch as given (EtagConformanceTest has every
        // form).
        String etag = "\"" + patched.getETag() + "\"";
        Twin stale = new Twin("twin-1");
        stale.getTags().put("region", "us");
        twins.patch(stale, etag);
        assertThrows(IotHubPreconditionFailedException.class, () -> twins.patch(stale, etag));
        Twin nulls = new Twin("twin-1");
        nulls.getDesiredProperties().put("interval", null);
        assertFalse(twins.patch(nulls).getDesiredProperties().containsKey("interval"), "null deletes");
        Twin replacement = new Twin("twin-1");
        replacement.getTags().put("only", "this");
        Twin replaced = twins.replace(replacement);
        assertEquals(1, replaced.getTags().size());
        hub.detach("twin-1", device);
    }

    @Test
    void directMethodsReturnTheDeviceAnswerOrTheHubErrors() throws Exception {
        hub.addDevice("m-1", null, null, true);
        EchoDevice device = new EchoDevice("m-1");
        hub.attach("m-1", device);
        DirectMethodsClient methods = new DirectMethodsClient(endpoint, credential("service"));
        DirectMethodResponse r = methods.invoke(
                "m-1",
                "reboot",
                DirectMethodRequestOptions.builder()
                        .payload(JsonParser.parseString("{\"delay\":5}"))
                        .methodResponseTimeoutSeconds(5)
                        .methodConnectTimeoutSeconds(0)
                        .build());
        assertEquals(200, r.getStatus());
        JsonObject payload = r.getPayloadAsJsonElement().getAsJsonObject();
        assertEquals("reboot", payload.get("method").getAsString());
        assertEquals(5, payload.getAsJsonObject("got").get("delay").getAsInt());

        IotHubNotFoundException unknown =
                assertThrows(IotHubNotFoundException.class, () -> methods.invoke("nobody", "reboot"));
        assertEquals(404001, unknown.getErrorCode());
        hub.addDevice("m-offline", null, null, true);
        IotHubNotFoundException offline = assertThrows(
                IotHubNotFoundException.class,
                () -> methods.invoke(
                        "m-offline",
                        "reboot",
                        DirectMethodRequestOptions.builder()
                                .methodResponseTimeoutSeconds(5)
                                .methodConnectTimeoutSeconds(0)
                                .build()));
        assertEquals(404103, offline.getErrorCode());
        device.silent = true;
        IotHubGatewayTimeoutException timeout = assertThrows(
                IotHubGatewayTimeoutException.class,
                () -> methods.invoke(
                        "m-1",
                        "reboot",
                        DirectMethodRequestOptions.builder()
                                .methodResponseTimeoutSeconds(5)
                                .methodConnectTimeoutSeconds(0)
                                .build()));
        assertEquals(504101, timeout.getErrorCode());
        hub.detach("m-1", device);
    }

    @Test
    void queriesPageWithContinuationTokensAndAggregate() throws Exception {
        for (int i = 0; i < 7; i++) {
            hub.addDevice("q-" + i, null, null, true);
            hub.patchReported(
                    "q-" + i,
                    JsonParser.parseString("{\"kind\":\"q\",\"fw\":\"" + (i % 2 == 0 ? "1.0" : "2.0") + "\"}")
                            .getAsJsonObject(),
                    null);
        }
        QueryClient queries = new QueryClient(endpoint, credential("service"));
        TwinQueryResponse twins = queries.queryTwins(
                "SELECT * FROM devices WHERE properties.reported.kind = 'q'",
                QueryPageOptions.builder().pageSize(3).build());
        List<String> ids = new ArrayList<>();
        while (twins.hasNext()) {
            ids.add(twins.next().getDeviceId());
        }
        assertEquals(7, ids.size(), ids.toString());
        RawQueryResponse groups = queries.queryRaw("SELECT properties.reported.fw AS fw, COUNT() AS n FROM devices"
                + " WHERE properties.reported.kind = 'q' GROUP BY properties.reported.fw");
        List<String> rows = new ArrayList<>();
        while (groups.hasNext()) {
            rows.add(groups.next());
        }
        assertTrue(
                rows.contains("{\"fw\":\"1.0\",\"n\":4}") || rows.contains("{\"n\":4,\"fw\":\"1.0\"}"),
                rows.toString());
        IotHubException bad =
                assertThrows(IotHubException.class, () -> queries.queryRaw("SELECT * FROM devices WHERE ((("));
        assertEquals(400, bad.getErrorCode() / 1000);
    }

    @Test
    void policiesLimitWhatATokenMayDo() {
        RegistryClient readOnlyService = new RegistryClient(endpoint, credential("service"));
        IotHubUnauthorizedException e =
                assertThrows(IotHubUnauthorizedException.class, () -> readOnlyService.addDevice(new Device("nope")));
        assertTrue(e.getMessage().contains("lacks"), e.getMessage());
        AccessPolicy owner = hub.policies().get(0);
        String forged = SasToken.create(
                "127.0.0.1",
                AccessPolicy.newKey(new SecureRandom()),
                Instant.now().getEpochSecond() + 60,
                owner.name());
        RegistryClient forgedClient = new RegistryClient(endpoint, new AzureSasCredential(forged));
        assertThrows(IotHubUnauthorizedException.class, () -> forgedClient.getStatistics());
        String expired =
                SasToken.create("127.0.0.1", owner.primaryKey(), Instant.now().getEpochSecond() - 1, owner.name());
        RegistryClient expiredClient = new RegistryClient(endpoint, new AzureSasCredential(expired));
        assertTrue(assertThrows(IotHubUnauthorizedException.class, () -> expiredClient.getStatistics())
                .getMessage()
                .contains("expired"));
    }

    @Test
    void bearerTokensAreRefusedWithAClearMessage() {
        RegistryClient entra = new RegistryClient(
                endpoint,
                request -> reactor.core.publisher.Mono.just(new com.azure.core.credential.AccessToken(
                        "jwt", java.time.OffsetDateTime.now().plusHours(1))));
        IotHubUnauthorizedException e = assertThrows(IotHubUnauthorizedException.class, entra::getStatistics);
        assertTrue(e.getMessage().contains("Entra ID"), e.getMessage());
    }
}
