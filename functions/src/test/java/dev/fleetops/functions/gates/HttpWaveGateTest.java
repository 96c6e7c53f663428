package dev.fleetops.functions.gates;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.fleetops.core.event.WebhookUrlPolicy;
import dev.fleetops.core.rollout.GateVerdict;
import dev.fleetops.core.rollout.GateVerdict.Decision;
import dev.fleetops.core.rollout.WaveGates;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The gate adapter over real HTTP on loopback: what FleetOps sends, and that nothing a gate does (drip its answer, send
 * a redirect, sit behind a refused address) opens a wave or holds the tick past the gate's timeout.
 */
class HttpWaveGateTest {
    private static final WebhookUrlPolicy LOCAL = new WebhookUrlPolicy(true, false);
    private HttpServer server;
    private final AtomicReference<String> received = new AtomicReference<>();
    private final AtomicReference<com.sun.net.httpserver.Headers> headers = new AtomicReference<>();

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/pass", ex -> {
            received.set(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8) + " | "
                    + ex.getRequestHeaders().getFirst("Content-Type"));
            headers.set(ex.getRequestHeaders());
            byte[] body = "{\"decision\":\"pass\",\"reason\":\"green\"}".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        });
        server.createContext("/redirect", ex -> {
            ex.getResponseHeaders().set("Location", "/pass");
            ex.sendResponseHeaders(302, -1);
            ex.close();
        });
        server.createContext("/drip", ex -> {
            ex.sendResponseHeaders(200, 0);
            try (OutputStream out = ex.getResponseBody()) {
                out.write("{\"decision\":".getBytes(StandardCharsets.UTF_8));
                out.flush();
                Thread.sleep(30_000);
            } catch (InterruptedException | java.io.IOException e) {
                // the client went away
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    private static GateVerdict ask(WebhookUrlPolicy policy, String url) {
        return new HttpWaveGate(policy, host -> List.of(InetAddress.getByName(host)))
                .ask(new WaveGates.ExternalGate(url, Duration.ofSeconds(2)), "{\"operationId\":\"op-1\"}");
    }

    @Test
    void aPassIsReadAndTheWavesNumbersArePostedAsJson() {
        GateVerdict v = ask(LOCAL, url("/pass"));
        assertEquals(new GateVerdict(Decision.PASS, "green"), v);
        assertEquals("{\"operationId\":\"op-1\"} | application/json; charset=utf-8", received.get());
    }

    @Test
    void withASecretEachRequestIsSignedAsAWebhookIs() throws Exception {
        byte[] key = new byte[32];
        new java.security.SecureRandom().nextBytes(key);
        String secret = "whsec_" + java.util.Base64.getEncoder().encodeToString(key);
        String body = "{\"operationId\":\"op-1\"}";
        GateVerdict v = new HttpWaveGate(LOCAL, host -> List.of(InetAddress.getByName(host)))
                .ask(new WaveGates.ExternalGate(url("/pass"), Duration.ofSeconds(2), secret), body);
        assertEquals(Decision.PASS, v.decision());
        com.sun.net.httpserver.Headers h = headers.get();
        String id = h.getFirst("webhook-id");
        String ts = h.getFirst("webhook-timestamp");
        // Checked with the JDK's HMAC, not FleetOps' own code: v1,base64(HMAC-SHA256(key, id.ts.body)).
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(key, "HmacSHA256"));
        String expected = "v1,"
                + java.util.Base64.getEncoder()
                        .encodeToString(mac.doFinal((id + "." + ts + "." + body).getBytes(StandardCharsets.UTF_8)));
        assertEquals(expected, h.getFirst("webhook-signature"));
        assertTrue(id.startsWith("gate_"), id);

        ask(LOCAL, url("/pass"));
        assertEquals(null, headers.get().getFirst("webhook-signature"), "unsigned without a secret");
    }

    @Test
    void aRedirectIsNotFollowed() {
        GateVerdict v = ask(LOCAL, url("/redirect"));
        assertEquals(Decision.WAIT, v.decision());
        assertEquals("the gate answered HTTP 302", v.reason());
        assertEquals(null, received.get(), "the redirect's target was never asked");
    }

    @Test
    void anAnswerDrippedPastTheTimeoutIsWait() {
        GateVerdict v = ask(LOCAL, url("/drip"));
        assertEquals(Decision.WAIT, v.decision());
        // The deadline ended the read: had the call waited for the gate's 30 s stall, the answer would read as "not
        // JSON".
        assertEquals("the gate did not answer within 2 s", v.reason());
    }

    @Test
    void aLoopbackGateIsRefusedUnlessTheDeploymentAllowsIt() {
        GateVerdict v = ask(WebhookUrlPolicy.STRICT, url("/pass"));
        assertEquals(Decision.WAIT, v.decision());
        assertTrue(v.reason().startsWith("the gate's address is refused"), v.reason());
        assertEquals(null, received.get());
    }
}
