package dev.fleetops.device.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.fleetops.contract.StrictJson;
import dev.fleetops.device.support.AgentHarness;
import dev.fleetops.device.support.TestHttpsServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Desired {@code firmware} and {@code maintenance} goals, acknowledged as {value, ac, av, ad}. */
class DesiredConvergenceTest {
    private static final byte[] PACKAGE = "firmware 2.0.0 via desired".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;
    private TestHttpsServer server;
    private AgentHarness h;

    @BeforeEach
    void setUp() throws Exception {
        server = new TestHttpsServer(Files.createDirectories(dir.resolve("server")));
        server.serve("/fw.bin", PACKAGE);
        h = new AgentHarness(Files.createDirectories(dir.resolve("device"))).http(server.client());
        h.start();
    }

    @AfterEach
    void tearDown() {
        h.close();
        server.close();
    }

    private JsonObject goal(String version, String uri) throws Exception {
        return StrictJson.parseObject("{\"version\":\"" + version + "\",\"packageUri\":\"" + uri
                + "\",\"sha256\":\"" + TestHttpsServer.sha256(PACKAGE) + "\",\"operationId\":\"d-" + version + "\"}");
    }

    /** Waits until reported {@code name}.ac is {@code ac} with av = the hub's desired $version. */
    private JsonObject awaitAck(String name, int ac) throws Exception {
        long end = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < end) {
            h.idle();
            if (h.hub.reported().get(name) instanceof JsonObject a && a.get("ac").getAsInt() == ac
                    && a.get("av").getAsLong() == h.hub.desiredVersion()) {
                return a;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no ack " + ac + " for " + name + "; reported " + h.hub.reported());
    }

    @Test
    void desiredFirmwareIsInstalledAndAcknowledgedWithoutTheSignature() throws Exception {
        h.hub.setDesired("firmware", goal("2.0.0", server.url("/fw.bin") + "?sig=TOPSECRET"));
        JsonObject ack = awaitAck("firmware", 200);

        assertEquals("2.0.0", h.onDisk().firmwareVersion());
        assertEquals(server.url("/fw.bin"), ack.getAsJsonObject("value").get("packageUri").getAsString());
        assertTrue(ack.get("ad").getAsString().contains("applyComplete"), ack.toString());
        assertFalse(h.hub.patches().toString().contains("TOPSECRET"));
    }

    @Test
    void goalSetWhileOfflineIsActedOnAtReconnect() throws Exception {
        h.hub.failNextOpens(Integer.MAX_VALUE);
        h.hub.dropTerminally();
        h.hub.setDesired("firmware", goal("2.0.0", server.url("/fw.bin")));
        h.idle();
        assertEquals("1.0.0", h.onDisk().firmwareVersion(), "nothing happens while offline");

        h.hub.failNextOpens(0);
        awaitAck("firmware", 200);
        assertEquals("2.0.0", h.onDisk().firmwareVersion());
    }

    @Test
    void invalidGoalIsAcknowledged400AndChangesNothing() throws Exception {
        h.hub.setDesired("firmware", goal("2.0.0", "http://plain.example/fw.bin"));
        JsonObject ack = awaitAck("firmware", 400);

        assertTrue(ack.get("ad").getAsString().contains("packageUri"), ack.toString());
        assertEquals("1.0.0", h.onDisk().firmwareVersion());
        assertNull(h.onDisk().current());
    }

    @Test
    void maintenanceRebootRunsOnceEvenAcrossReconnects() throws Exception {
        long boots = h.onDisk().bootCount();
        h.hub.setDesired("maintenance", StrictJson.parseObject("{\"rebootRequestedAt\":\"2026-01-01T00:00:00.000Z\"}"));
        awaitAck("maintenance", 200);
        assertEquals(boots + 1, h.onDisk().bootCount());

        int opens = h.hub.opens();
        h.hub.clearPatches();
        h.hub.dropTerminally();
        long end = System.nanoTime() + 5_000_000_000L;
        while (h.hub.patches().stream().noneMatch(p -> p.has("maintenance")) && System.nanoTime() < end) {
            Thread.sleep(20);
        }
        h.idle();
        assertTrue(h.hub.opens() > opens, "reconnected");
        assertTrue(h.hub.patches().stream().anyMatch(p -> p.has("maintenance")), "goal re-read and acknowledged");
        assertEquals(boots + 1, h.onDisk().bootCount(), "the same goal is not run again");
    }

    @Test
    void goalForTheInstalledVersionIsAcknowledgedAsDone() throws Exception {
        h.hub.setDesired("firmware", goal("1.0.0", server.url("/fw.bin")));
        JsonObject ack = awaitAck("firmware", 200);

        assertEquals(0, server.requests(), "nothing downloaded");
        assertTrue(ack.get("ad").getAsString().contains("current"), ack.toString());
    }
}
