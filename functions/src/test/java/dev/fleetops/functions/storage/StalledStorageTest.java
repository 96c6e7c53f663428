package dev.fleetops.functions.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleetops.functions.http.RolloutFunctions;
import dev.fleetops.functions.support.TestContext;
import dev.fleetops.functions.wiring.AppServices;
import dev.fleetops.functions.wiring.FleetOpsInjector;
import dev.fleetops.testkit.http.TestHttpRequest;
import dev.fleetops.testkit.http.TestHttpResponse;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Finding 7 of "rollouts that fail safe": with Table storage stalled, a GET waited 103 s. Here storage is a socket
 * that accepts connections and never answers, as a stalled account does; the real Table client, with the
 * app's limits, gives up and the API answers 503 with Retry-After instead of hanging or saying 500.
 */
class StalledStorageTest {
    private ServerSocket stalled;
    private final List<Socket> held = new ArrayList<>();
    private Thread acceptor;

    @BeforeEach
    void start() throws IOException {
        stalled = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = new Thread(() -> {
            while (!stalled.isClosed()) {
                try {
                    held.add(stalled.accept()); // read nothing, answer nothing
                } catch (IOException e) {
                    return;
                }
            }
        });
        acceptor.setDaemon(true);
        acceptor.start();
    }

    @AfterEach
    void stop() throws IOException {
        stalled.close();
        for (Socket s : held) {
            s.close();
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS) // a hang guard, not a speed target
    void aStalledTableServiceIsA503WithRetryAfterNotAHang() throws Exception {
        String endpoint = "http://127.0.0.1:" + stalled.getLocalPort() + "/devstoreaccount1";
        Map<String, String> settings = Map.of(
                "AzureWebJobsStorage",
                "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey="
                        + Base64.getEncoder().encodeToString(new byte[64]) + ";BlobEndpoint=" + endpoint
                        + ";TableEndpoint=" + endpoint + ";",
                "IOTHUB_CONNECTION_STRING",
                "HostName=127.0.0.1;SharedAccessKeyName=service;SharedAccessKey="
                        + Base64.getEncoder().encodeToString(new byte[32]),
                StorageClients.TIMEOUT_SETTING,
                "1");
        RolloutFunctions operations =
                new FleetOpsInjector(new AppServices(settings, Clock.systemUTC())).getInstance(RolloutFunctions.class);

        TestHttpResponse r = TestHttpResponse.of(
                operations.list(TestHttpRequest.get("/api/operations"), new TestContext("ListOperations")));

        assertEquals(503, r.code(), String.valueOf(r.getBody()));
        assertEquals("storage-unavailable", r.json().get("code").getAsString());
        assertEquals("5", r.getHeader("Retry-After"));
        assertTrue(!held.isEmpty(), "the client did reach the stalled service");
    }
}
