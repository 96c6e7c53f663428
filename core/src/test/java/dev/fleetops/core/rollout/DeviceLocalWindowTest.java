package dev.fleetops.core.rollout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A maintenance window in each device's own time ({@code "timeZone": "device"}), decided per device by the engine. */
class DeviceLocalWindowTest {
    /** 2026-06-01 01:30 UTC: 10:30 in Tokyo (UTC+9), 03:30 in Berlin (UTC+2 in summer), 21:30 the day before in New York. */
    private static final Instant T = Instant.parse("2026-06-01T01:30:00Z");

    private static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    private static Rollout running(MaintenanceWindow window) {
        RolloutConfig cfg = new RolloutConfig(
                WavePlan.single(),
                0,
                List.of(),
                RatePolicy.fixed(1000),
                Duration.ofMinutes(10),
                RetryPolicy.none(),
                null,
                null,
                window);
        return Rollout.restore("op", RolloutState.RUNNING, cfg, 0, T, T, null);
    }

    @Test
    void aDeviceGoesOnlyInsideItsOwnWindowAndTheOthersWaitForTheirsWithoutAnAttempt() {
        // 03:00-05:00 local: open in Berlin now, closed in Tokyo (opens 03:00 Tokyo = 18:00 UTC).
        Rollout r = running(new MaintenanceWindow(LocalTime.of(3, 0), Duration.ofHours(2), MaintenanceWindow.DEVICE));
        Map<String, DeviceExecution> rows = Map.of(
                "berlin", DeviceExecution.queued("berlin", 0, T),
                "tokyo", DeviceExecution.queued("tokyo", 0, T),
                "unknown", DeviceExecution.queued("unknown", 0, T));
        DeviceZones zones = new DeviceZones(Map.of("berlin", BERLIN, "tokyo", TOKYO));
        TickPlan plan = RolloutEngine.tick(r, Workset.of(rows, 1), Map.of(), WaveChecks.NONE, zones, 100, T);

        assertEquals(
                List.of("berlin"),
                plan.intents().stream().map(DispatchIntent::deviceId).toList());
        DeviceExecution tokyo = plan.changed().stream()
                .filter(e -> e.deviceId().equals("tokyo"))
                .findFirst()
                .orElseThrow();
        assertEquals(ExecutionState.QUEUED, tokyo.state());
        assertEquals(0, tokyo.attempt());
        assertEquals(Instant.parse("2026-06-01T18:00:00Z"), tokyo.notBefore(), "03:00 in Tokyo");
        assertEquals("outside its maintenance window (Asia/Tokyo)", tokyo.lastDetail());
        DeviceExecution unknown = plan.changed().stream()
                .filter(e -> e.deviceId().equals("unknown"))
                .findFirst()
                .orElseThrow();
        assertEquals(Instant.parse("2026-06-01T03:00:00Z"), unknown.notBefore(), "no zone in its twin: UTC");

        // At 18:00 UTC Tokyo's window is open: it goes.
        Instant later = Instant.parse("2026-06-01T18:00:00Z");
        TickPlan next = RolloutEngine.tick(
                r, Workset.of(Map.of("tokyo", tokyo), 1), Map.of(), WaveChecks.NONE, zones, 100, later);
        assertEquals(
                List.of("tokyo"),
                next.intents().stream().map(DispatchIntent::deviceId).toList());
    }

    @Test
    void aWindowInOneNamedZoneStillHoldsBackTheWholeOperation() {
        Rollout r = running(new MaintenanceWindow(LocalTime.of(3, 0), Duration.ofHours(2), "Asia/Tokyo"));
        TickPlan plan = RolloutEngine.tick(
                r,
                Workset.of(Map.of("a", DeviceExecution.queued("a", 0, T)), 1),
                Map.of(),
                WaveChecks.NONE,
                new DeviceZones(Map.of("a", BERLIN)),
                100,
                T);
        assertTrue(plan.intents().isEmpty(), "the operation's zone decides, not the device's");
    }
}
