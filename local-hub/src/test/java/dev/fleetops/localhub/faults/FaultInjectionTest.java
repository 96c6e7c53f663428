package dev.fleetops.localhub.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.fleetops.localhub.LocalHub;
import dev.fleetops.localhub.hub.Hub;
import dev.fleetops.localhub.hub.TestLink;
import dev.fleetops.localhub.rest.RestApi;
import dev.fleetops.localhub.rest.RestRequest;
import dev.fleetops.localhub.testsupport.TestHub;
import dev.fleetops.testkit.Waits;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The admin API at /admin/faults over real HTTPS, and what each fault does to service calls and devices. */
class FaultInjectionTest {
    @TempDir
    Path dir;

    private LocalHub hub;
    private HttpClient http;

    @BeforeEach
    void start() throws Exception {
        hub = LocalHub.builder()
                .stateDir(dir)
                .mqttPort(0)
                .httpsPort(0)
                .devices(2)
                .durableTwins(false)
                .start();
        http = HttpClient.newBuilder().sslContext(hub.tls().clientContext()).build();
    }

    @AfterEach
    void stop() {
        hub.close();
    }

    private String token(String policy) {
        return TestHub.serviceToken(hub.hub().policies(), policy, Duration.ofMinutes(10));
    }

    private HttpResponse<String> call(String method, String path, String body, String policy) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + hub.httpsPort() + path
                        + (path.contains("?") ? "&" : "?") + "api-version=2021-04-12"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (policy != null) {
            b.header("Authorization", token(policy));
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> admin(String path, String body) throws Exception {
        return call("POST", "/admin/faults" + path, body, "iothubowner");
    }

    private static int errorCode(HttpResponse<String> r) {
        return JsonParser.parseString(r.body())
                .getAsJsonObject()
                .get("errorCode")
                .getAsInt();
    }

    /** A device connection that answers every method call at once, as a healthy device would. */
    private final class EchoLink extends TestLink {
        final String deviceId;
        final AtomicInteger closed = new AtomicInteger();

        EchoLink(String deviceId) {
            super(true, false);
            this.deviceId = deviceId;
            hub.hub().attach(deviceId, this);
        }

        @Override
        public void sendMethodRequest(String methodName, String requestId, byte[] payload) {
            CompletableFuture.runAsync(() -> hub.hub()
                    .methodResponse(deviceId, requestId, 200, "{\"ok\":true}".getBytes(StandardCharsets.UTF_8)));
        }

        @Override
        public void close(String reason) {
            closed.incrementAndGet();
            hub.hub().detach(deviceId, this);
        }
    }

    @Test
    void theAdminApiWantsTheIothubownerPolicyAndALoopbackPeer() throws Exception {
        assertEquals(401, call("GET", "/admin/faults", null, null).statusCode());
        HttpResponse<String> service = call("GET", "/admin/faults", null, "service");
        assertEquals(403, service.statusCode());
        assertEquals(200, call("GET", "/admin/faults", null, "iothubowner").statusCode());
        // a client cannot claim another peer address: the header is replaced by the connection's address
        HttpResponse<String> spoofed = http.send(
                HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + hub.httpsPort() + "/admin/faults"))
                        .header("Authorization", token("iothubowner"))
                        .header("x-local-hub-peer", "10.1.2.3")
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, spoofed.statusCode());
        // without sockets there is no peer at all, and a non-loopback one is refused
        Hub bare = hub.hub();
        RestApi api = new RestApi(bare, Set.of("127.0.0.1")).faults(new FaultInjector(bare));
        for (Map<String, String> headers : new Map[] {
            Map.of("authorization", token("iothubowner")),
            Map.of("authorization", token("iothubowner"), "x-local-hub-peer", "10.1.2.3")
        }) {
            assertEquals(
                    403,
                    api.handle(new RestRequest("GET", "/admin/faults", Map.of(), headers, null))
                            .join()
                            .status());
        }
    }

    @Test
    void failNextFailsExactlyTheNextNServiceCallsWithTheChosenCode() throws Exception {
        assertEquals(
                400,
                admin("/fail-next", "{\"count\":1,\"status\":503,\"errorCode\":500001}")
                        .statusCode());
        assertEquals(200, admin("/fail-next", "{\"count\":2,\"status\":503}").statusCode());
        HttpResponse<String> first = call("GET", "/twins/device-001", null, "service");
        assertEquals(503, first.statusCode());
        assertEquals(503001, errorCode(first));
        assertEquals(
                503, call("GET", "/devices/device-001", null, "iothubowner").statusCode());
        assertEquals(200, call("GET", "/twins/device-001", null, "service").statusCode());
        hub.faults().failNext(1, 429001, "slow down");
        HttpResponse<String> throttled =
                call("POST", "/devices/query", "{\"query\":\"SELECT * FROM devices\"}", "service");
        assertEquals(429, throttled.statusCode());
        assertEquals(429001, errorCode(throttled));
        assertEquals(
                200,
                call("POST", "/devices/query", "{\"query\":\"SELECT * FROM devices\"}", "service")
                        .statusCode());
    }

    @Test
    void twinLatencyDelaysTwinCallsOnly() throws Exception {
        admin("/latency", "{\"twinsMs\":400}");
        long t0 = System.nanoTime();
        assertEquals(200, call("GET", "/twins/device-001", null, "service").statusCode());
        long twinMillis = (System.nanoTime() - t0) / 1_000_000;
        t0 = System.nanoTime();
        assertEquals(
                200, call("GET", "/devices/device-001", null, "iothubowner").statusCode());
        long registryMillis = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(twinMillis >= 400, "twin call took " + twinMillis + " ms");
        assertTrue(registryMillis < 400, "registry call took " + registryMillis + " ms");
        assertEquals(200, call("DELETE", "/admin/faults", null, "iothubowner").statusCode());
        t0 = System.nanoTime();
        call("GET", "/twins/device-001", null, "service");
        assertTrue((System.nanoTime() - t0) / 1_000_000 < 400, "cleared");
    }

    @Test
    void pausedServiceCallsWaitForResumeOrGet503AfterTheMaximumPause() throws Exception {
        admin("/pause", null);
        CompletableFuture<HttpResponse<String>> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return call("GET", "/twins/device-001", null, "service");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Waits.upTo(Duration.ofSeconds(10), "the call held by the pause")
                .until(() -> JsonParser.parseString(call("GET", "/admin/faults", null, "iothubowner")
                                        .body())
                                .getAsJsonObject()
                                .get("heldCalls")
                                .getAsInt()
                        == 1);
        assertFalse(waiting.isDone(), "the call waits while the hub is paused");
        assertTrue(
                JsonParser.parseString(call("GET", "/admin/faults", null, "iothubowner")
                                .body())
                        .getAsJsonObject()
                        .get("paused")
                        .getAsBoolean(),
                "the admin API still answers");
        admin("/resume", null);
        assertEquals(200, waiting.get().statusCode());

        admin("/pause", "{\"maxPauseMs\":300}");
        HttpResponse<String> r = call("GET", "/twins/device-001", null, "service");
        assertEquals(503, r.statusCode());
        assertEquals(503001, errorCode(r));
        admin("/resume", null);
    }

    @Test
    void methodTimeoutsMakeADevicesCallsEndIn504AndDisconnectDropsConnections() throws Exception {
        EchoLink one = new EchoLink("device-001");
        EchoLink two = new EchoLink("device-002");
        String invoke = "{\"methodName\":\"reboot\",\"responseTimeoutInSeconds\":5,\"payload\":{}}";
        assertEquals(
                200,
                call("POST", "/twins/device-001/methods", invoke, "service").statusCode());
        admin("/method-timeouts", "{\"deviceId\":\"device-001\",\"enabled\":true}");
        long t0 = System.nanoTime();
        HttpResponse<String> timedOut = call("POST", "/twins/device-001/methods", invoke, "service");
        assertEquals(504, timedOut.statusCode());
        assertEquals(504101, errorCode(timedOut));
        assertTrue((System.nanoTime() - t0) / 1_000_000 >= 4900);
        assertEquals(
                200,
                call("POST", "/twins/device-002/methods", invoke, "service").statusCode(),
                "other devices answer");
        admin("/method-timeouts", "{\"deviceId\":\"device-001\",\"enabled\":false}");
        assertEquals(
                200,
                call("POST", "/twins/device-001/methods", invoke, "service").statusCode());

        JsonObject dropped = JsonParser.parseString(
                        admin("/disconnect", "{\"deviceId\":\"device-001\"}").body())
                .getAsJsonObject();
        assertEquals(1, dropped.get("disconnected").getAsInt());
        assertEquals(1, one.closed.get());
        assertFalse(hub.hub().isConnected("device-001"));
        assertTrue(hub.hub().isConnected("device-002"));
        assertEquals(1, hub.faults().disconnectAll());
        assertEquals(1, two.closed.get());
        assertEquals(
                404,
                call("POST", "/twins/device-002/methods", invoke, "service").statusCode(),
                "offline now: 404103");
    }
}
