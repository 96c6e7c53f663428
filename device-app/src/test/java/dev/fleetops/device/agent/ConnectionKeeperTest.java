package dev.fleetops.device.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.fleetops.device.support.AgentHarness;
import dev.fleetops.testkit.Waits;
import java.nio.file.Path;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConnectionKeeperTest {
    @TempDir
    Path dir;

    private static void eventually(Callable<Boolean> condition) {
        Waits.upTo(Duration.ofSeconds(5)).until(condition);
    }

    @Test
    void freshConnectPublishesTheWholeDeviceState() throws Exception {
        try (AgentHarness h = new AgentHarness(dir)) {
            h.start();
            JsonObject dm = h.hub.reported().getAsJsonObject("iothubDM");
            assertEquals("1.0.0", dm.get("firmwareVersion").getAsString());
        }
    }

    @Test
    void terminalDropIsReopenedFromAnotherThreadAndStateRepublished() throws Exception {
        try (AgentHarness h = new AgentHarness(dir)) {
            h.start();
            h.hub.failNextOpens(2);
            h.hub.clearPatches();

            h.hub.dropTerminally();
            eventually(h.hub::isConnected);
            h.idle();

            assertEquals(2, h.hub.opens(), "initial open plus one successful reopen after two failures");
            assertTrue(h.hub.patches().stream().anyMatch(p -> p.has("iothubDM")), "state re-published after reconnect");
        }
    }

    @Test
    void unreachableHubAtStartIsRetriedInTheBackground() throws Exception {
        try (AgentHarness h = new AgentHarness(dir)) {
            h.hub.failNextOpens(3);
            h.start();
            eventually(h.hub::isConnected);
            h.idle();
            assertEquals("1.0.0", h.hub.reportedFirmwareVersion());
        }
    }

    @Test
    void transportReconnectTriggersATwinResync() throws Exception {
        try (AgentHarness h = new AgentHarness(dir)) {
            h.start();
            h.hub.setReported(new JsonObject()); // e.g. reports lost while the link was down
            h.hub.dropAndRecover();
            h.idle();
            assertEquals("1.0.0", h.hub.reportedFirmwareVersion());
        }
    }

    @Test
    void backoffGrowsExponentiallyWithJitterUpToTheCap() {
        Backoff b = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(2), new SplittableRandom(7));
        for (int attempt = 0; attempt < 10; attempt++) {
            long cap = Math.min(100L << attempt, 2000);
            long ms = b.delay(attempt).toMillis();
            assertTrue(ms >= cap / 2 && ms <= cap, "attempt " + attempt + " waited " + ms);
        }
        assertTrue(b.delay(1000).toMillis() <= 2000, "huge attempt counts do not overflow");
    }
}
