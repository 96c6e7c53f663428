package dev.fleetops.core.rollout.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleetops.contract.StrictJson;
import dev.fleetops.testkit.TestClock;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Finding 6 of "rollouts that fail safe": requests whose waves would run a canary of no device, or whose numbers
 * broke the service after device rows were written. Each is a 400 naming the field, and nothing is stored.
 */
class CreateValidatesBeforeWritingTest {
    private final InMemoryRolloutStore store = new InMemoryRolloutStore();
    private final RolloutService service =
            new RolloutService(store, TestClock.at(Instant.parse("2026-06-01T00:00:00Z")));

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "\"rollout\":{\"waves\":[0.4,1],\"wavesAreCounts\":true}",
                "\"rollout\":{\"waves\":[1e999]}",
                "\"rollout\":{\"waves\":[1e999],\"wavesAreCounts\":true}"
            })
    void aWaveWithoutDevicesIsRefusedAndNothingIsWritten(String rollout) {
        RolloutService.CreateOutcome out = service.create(
                StrictJson.parseObject("{\"action\":\"reboot\",\"target\":{\"filter\":{\"tags\":{\"site\":\"north\"}}},"
                        + rollout + "}"),
                null,
                "test");
        RolloutService.CreateOutcome.Invalid bad = assertInstanceOf(RolloutService.CreateOutcome.Invalid.class, out);
        assertEquals("rollout.waves", bad.errors().get(0).field(), bad.errors().toString());
        assertTrue(store.list(10).isEmpty(), "nothing is written before validation passes");
    }

    @org.junit.jupiter.api.Test
    void aDeviceListWhoseWaveGetsNoDeviceIsRefused() {
        StringBuilder ids = new StringBuilder();
        for (int i = 0; i < 10; i++) {
            ids.append(i == 0 ? "" : ",").append("\"d").append(i).append('"');
        }
        // Percentages of 10 devices: 1 % and 2 % both round up to the first device, so wave 2 is empty.
        RolloutService.CreateOutcome out = service.create(
                StrictJson.parseObject("{\"action\":\"reboot\",\"target\":{\"deviceIds\":[" + ids
                        + "]},\"rollout\":{\"waves\":[1,2,100]}}"),
                null,
                "test");
        RolloutService.CreateOutcome.Invalid bad = assertInstanceOf(RolloutService.CreateOutcome.Invalid.class, out);
        assertEquals("rollout.waves", bad.errors().get(0).field());
        assertTrue(store.list(10).isEmpty());
    }
}
