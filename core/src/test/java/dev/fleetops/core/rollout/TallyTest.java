package dev.fleetops.core.rollout;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The tally kept on the operation row equals a count of the rows, however the rows changed. */
class TallyTest {
    private static final Instant T = Instant.parse("2026-06-01T00:00:00Z");

    @Test
    void applyingEachSavesChangesEqualsCountingTheRowsAfresh() {
        Random random = new Random(42);
        Map<String, DeviceExecution> rows = new LinkedHashMap<>();
        for (int i = 0; i < 200; i++) {
            rows.put("d" + i, DeviceExecution.queued("d" + i, i % 4, T));
        }
        Tally tally = Tally.of(rows.values(), 4);
        for (int save = 0; save < 50; save++) {
            List<DeviceExecution> changed = new ArrayList<>();
            for (DeviceExecution e : rows.values()) {
                if (random.nextInt(5) == 0) {
                    changed.add(step(e, random, T.plusSeconds(1 + save * 5L)));
                }
            }
            tally = tally.apply(rows, changed);
            changed.forEach(e -> rows.put(e.deviceId(), e));
            assertEquals(Tally.of(rows.values(), 4), tally, "after save " + save);
        }
    }

    /** One legal move of a device, as the engine or an operator would make it. */
    private static DeviceExecution step(DeviceExecution e, Random random, Instant now) {
        return switch (e.state()) {
            case QUEUED -> e.start(now, "accepted");
            case IN_PROGRESS ->
                random.nextBoolean()
                        ? e.finish(ExecutionState.SUCCEEDED, now, "completed", null)
                        : e.finish(ExecutionState.FAILED, now, "failed", null);
            case FAILED -> e.requeue(QueueReason.RETRY_REQUESTED, null, now, "retry", null);
            default -> e;
        };
    }

    /** The pace keeps the last minutes only, so the operation's row stays small whatever the operation's size. */
    @Test
    void thePaceKeepsFiveMinutesAndCountsAWindowToTheSecond() {
        Map<String, DeviceExecution> rows = new LinkedHashMap<>();
        Tally tally = Tally.of(List.of(), 1);
        for (int i = 0; i < 600; i++) { // one device a second for ten minutes
            DeviceExecution queued = DeviceExecution.queued("d" + i, 0, T);
            DeviceExecution started = queued.start(T.plusSeconds(i), "accepted");
            tally = tally.apply(Map.of(queued.deviceId(), queued), List.of(started));
            rows.put(started.deviceId(), started);
        }
        Instant end = T.plusSeconds(599);
        assertEquals(Pace.SPAN.toSeconds(), tally.pace().dispatched().size(), "five minutes of seconds, no more");
        assertEquals(60, tally.pace().dispatchedWithin(java.time.Duration.ofMinutes(1), end));
        assertEquals(300, tally.pace().dispatchedWithin(Pace.SPAN, end));
        assertEquals(0, tally.pace().dispatchedWithin(java.time.Duration.ofMinutes(1), end.plusSeconds(60)));
    }
}
