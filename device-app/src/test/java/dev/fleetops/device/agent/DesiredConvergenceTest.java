package dev.fleetops.device.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.fleetops.contract.StrictJson;
import dev.fleetops.device.support.AgentHarness;
import dev.fleetops.device.support.TestHttps;
import dev.fleetops.standins.packages.PackageServer;
import dev.fleetops.testkit.Packages;
import dev.fleetops.testkit.Waits;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Desired {@code firmware} and {@code maintenance} goals, acknowledged as {value, ac, av, ad}. */
class DesiredConvergenceTest {
    private static final byte[] PACKAGE = "firmware 2.0.0 via desired".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    private TestHttps https;
    private PackageServer server;
    private AgentHarness h;

    @BeforeEach
    void setUp() throws Exception {
        https = TestHttps.servingFirmware(dir, PACKAGE);
        server = https.server();
        h = https.agent(dir);
        h.start();
    }

    @AfterEach
    void tearDown() {
        h.close();
        https.close();
    }

    private JsonObject goal(String version, String uri) throws Exception {
        return StrictJson.parseObject("{\"version\":\"" + version + "\",\"packageUri\":\"" + uri + "\",\"sha256\":\""
                + Packages.sha256(PACKAGE) + "\",\"operationId\":\"d-" + version + "\"}");
    }

    /** Waits until reported {@code name}.ac is {@code ac} with av = the hub's desired $version. */
    private JsonObject awaitAck(String name, int ac) {
        return (JsonObject) Waits.upTo(Duration.ofSeconds(10), "ack " + ac + " for " + name)
                .until(
                        () -> {
                            h.idle();
                            return h.hub.reported().get(name);
                        },
                        a -> a instanceof JsonObject o
                                && o.get("ac").getAsInt() == ac
                                && o.get("av").getAsLong() == h.hub.desiredVersion());
    }

    @Test
    void desiredFirmwareIsInstalledAndAcknowledgedWithoutTheSignature() throws Exception {
        h.hub.setDesired("firmware", goal("2.0.0", server.url("/fw.bin") + "?sig=TOPSECRET"));
        JsonObject ack = awaitAck("firmware", 200);

        assertEquals("2.0.0", h.onDisk().firmwareVersion());
        assertEquals(
                server.url("/fw.bin"),
                ack.getAsJsonObject("value").get("packageUri").getAsString());
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
        Waits.upTo(Duration.ofSeconds(5), "the goal re-acknowledged")
                .until(() -> h.hub.patches().stream().anyMatch(p -> p.has("maintenance")));
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

    /** A rollout's goal names its end; past it, the device refuses it, whatever is left in its twin. */
    @Test
    void anExpiredGoalIsRefusedWith410AndChangesNothing() throws Exception {
        JsonObject goal = goal("2.0.0", server.url("/fw.bin"));
        goal.addProperty("expiresAt", "2020-01-01T00:00:00.000Z");
        h.hub.setDesired("firmware", goal);
        JsonObject ack = awaitAck("firmware", 410);

        assertTrue(ack.get("ad").getAsString().contains("expired"), ack.toString());
        assertEquals(0, server.requests(), "nothing downloaded");
        assertEquals("1.0.0", h.onDisk().firmwareVersion());
    }

    @Test
    void aGoalWithinItsExpiryIsActedOn() throws Exception {
        JsonObject goal = goal("2.0.0", server.url("/fw.bin"));
        goal.addProperty("expiresAt", "2999-01-01T00:00:00.000Z");
        h.hub.setDesired("firmware", goal);
        awaitAck("firmware", 200);
        assertEquals("2.0.0", h.onDisk().firmwareVersion());
    }

    @Test
    void aGoalWithAnUnreadableExpiryIsRefused() throws Exception {
        JsonObject goal = goal("2.0.0", server.url("/fw.bin"));
        goal.addProperty("expiresAt", "soon");
        h.hub.setDesired("firmware", goal);
        awaitAck("firmware", 400);
        assertEquals("1.0.0", h.onDisk().firmwareVersion());
    }
}
