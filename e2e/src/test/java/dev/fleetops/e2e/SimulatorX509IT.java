package dev.fleetops.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.fleetops.contract.StrictJson;
import dev.fleetops.device.identity.SelfSignedCertificate;
import dev.fleetops.device.sim.FleetSimulator;
import dev.fleetops.device.sim.HubConfig;
import dev.fleetops.device.sim.SimulateOptions;
import dev.fleetops.localhub.LocalHub;
import dev.fleetops.localhub.auth.SasToken;
import dev.fleetops.testkit.Waits;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code simulate --x509 0.5} against a real local hub (MQTT on 8883: run in a private network namespace): every
 * second device makes its own certificate, is re-registered as selfSigned through the hub's registry REST API and
 * connects with it; the others stay SAS. Both kinds answer direct methods through the service API. A second run on
 * the same state directories reuses the certificates.
 */
class SimulatorX509IT {
    private static final int COUNT = 4;
    private static final List<String> X509 = List.of("simx-002", "simx-004");
    private static final List<String> SAS = List.of("simx-001", "simx-003");

    @TempDir
    static Path dir;

    static LocalHub hub;
    static HubConfig config;
    static FleetSimulator simulator;
    static final List<String> output = Collections.synchronizedList(new ArrayList<>());
    static HttpClient http;
    static String auth;

    @BeforeAll
    static void start() throws Exception {
        hub = LocalHub.builder()
                .stateDir(dir.resolve("hub"))
                .httpsPort(0)
                .devices(COUNT)
                .devicePrefix("simx-")
                .durableTwins(false)
                .start();
        config = HubConfig.read(hub.configFile());
        assertEquals(
                List.of("simx-001", "simx-002", "simx-003", "simx-004"),
                config.devices().stream().map(HubConfig.Device::deviceId).toList());
        http = HttpClient.newBuilder().sslContext(hub.tls().clientContext()).build();
        auth = SasToken.create(
                "127.0.0.1",
                hub.hub().policies().stream()
                        .filter(p -> p.name().equals("iothubowner"))
                        .findFirst()
                        .orElseThrow()
                        .primaryKey(),
                Instant.now().plusSeconds(3600).getEpochSecond(),
                "iothubowner");
        simulator = startSimulator();
        awaitConnected();
    }

    /** As an operator starts it: through the command line. */
    private static FleetSimulator startSimulator() throws Exception {
        SimulateOptions options = SimulateOptions.parse(new String[] {
            "--count",
            Integer.toString(COUNT),
            "--hub-config",
            hub.configFile().toString(),
            "--state-dir",
            dir.resolve("devices").toString(),
            "--reboot-delay-seconds",
            "1",
            "--allow-unsigned",
            "--x509",
            "0.5"
        });
        return FleetSimulator.start(options, config, output::add);
    }

    private static void awaitConnected() {
        Waits.until(
                Waits.upTo(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)),
                () -> config.devices().stream()
                        .map(HubConfig.Device::deviceId)
                        .filter(id -> !hub.hub().isConnected(id))
                        .toList(),
                List::isEmpty,
                offline -> "devices did not connect: " + offline);
    }

    @AfterAll
    static void stop() {
        if (simulator != null) {
            simulator.close();
        }
        if (hub != null) {
            hub.close();
        }
    }

    @Test
    void theChosenDevicesAreRegisteredSelfSignedWithTheirOwnCertificate() throws Exception {
        for (String id : X509) {
            Path state = dir.resolve("devices").resolve(id);
            String sha256 = SelfSignedCertificate.createOrLoad(state, id, Duration.ofDays(1))
                    .sha256();
            JsonObject device = get("/devices/" + id);
            JsonObject authn = device.getAsJsonObject("authentication");
            assertEquals("selfSigned", authn.get("type").getAsString(), device.toString());
            assertEquals(
                    sha256,
                    authn.getAsJsonObject("x509Thumbprint")
                            .get("primaryThumbprint")
                            .getAsString());
            assertEquals(
                    "rw-------",
                    PosixFilePermissions.toString(
                            Files.getPosixFilePermissions(state.resolve(SelfSignedCertificate.KEY_FILE))));
        }
        for (String id : SAS) {
            assertEquals(
                    "sas",
                    get("/devices/" + id)
                            .getAsJsonObject("authentication")
                            .get("type")
                            .getAsString());
            assertFalse(Files.exists(dir.resolve("devices").resolve(id).resolve(SelfSignedCertificate.KEY_FILE)));
        }
    }

    @Test
    void everyDeviceIsConnectedAndAnswersADirectMethod() throws Exception {
        for (String id :
                config.devices().stream().map(HubConfig.Device::deviceId).toList()) {
            assertTrue(hub.hub().isConnected(id), id);
            // The agent knows no such method: its 400 proves it answered over its own session.
            assertEquals(400, invoke(id, "simPing"), id);
        }
        assertTrue(simulator.device("simx-002").orElseThrow().agent().isConnected());
    }

    @Test
    void theOutputCountsTheX509DevicesAndHoldsNoKeyMaterial() {
        assertTrue(output.stream().anyMatch(l -> l.contains("X.509 (self-signed) 2")), output.toString());
        assertTrue(output.stream().noneMatch(l -> l.contains("PRIVATE KEY") || l.contains("SharedAccessKey")));
    }

    @Test
    void aSecondRunReusesEachDevicesCertificate() throws Exception {
        String before = thumbprint("simx-002");
        synchronized (SimulatorX509IT.class) {
            simulator.close();
            simulator = startSimulator();
            awaitConnected();
        }
        assertEquals(before, thumbprint("simx-002"));
        assertEquals(400, invoke("simx-002", "simPing"));
    }

    private static String thumbprint(String id) throws Exception {
        return get("/devices/" + id)
                .getAsJsonObject("authentication")
                .getAsJsonObject("x509Thumbprint")
                .get("primaryThumbprint")
                .getAsString();
    }

    private static JsonObject get(String path) throws Exception {
        HttpResponse<String> r = http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return StrictJson.parseObject(r.body());
    }

    /** As the back-end calls a method: {@code POST /twins/{id}/methods} on the service API. */
    private static int invoke(String id, String method) throws Exception {
        JsonObject body = new JsonObject();
        body.addProperty("methodName", method);
        body.addProperty("responseTimeoutInSeconds", 10);
        body.addProperty("connectTimeoutInSeconds", 10);
        HttpResponse<String> r = http.send(
                request("/twins/" + id + "/methods")
                        .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return StrictJson.parseObject(r.body()).get("status").getAsInt();
    }

    private static HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("https://" + hub.serviceEndpoint() + path + "?api-version=2021-04-12"))
                .header("Authorization", auth)
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30));
    }
}
