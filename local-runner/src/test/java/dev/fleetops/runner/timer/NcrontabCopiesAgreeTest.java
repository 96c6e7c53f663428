package dev.fleetops.runner.timer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The app says when the progress timer runs next ({@code dev.fleetops.core.schedule.NcrontabSchedule}, in the app's
 * {@code no-progress-yet} answer); the runner fires it ({@link NcrontabSchedule}). The runner cannot load app classes
 * from its own jar, so the two are copies: they must answer alike.
 */
class NcrontabCopiesAgreeTest {
    @Test
    void bothCopiesGiveTheSameNextRuns() {
        List<String> schedules = List.of(
                "0 */1 * * * *",
                "*/2 * * * * *",
                "0 */5 * * * *",
                "0 0 2 * * *",
                "15,45 10-20/5 * * * MON-FRI",
                "0 0 0 29 FEB *",
                "0 30 9 1 JAN,JUL SUN",
                "0 0 0 30 2 *");
        List<Instant> starts = List.of(
                Instant.parse("2026-12-03T03:41:20Z"),
                Instant.parse("2026-12-31T23:59:59.500Z"),
                Instant.parse("2027-02-28T12:00:00Z"));
        for (String s : schedules) {
            NcrontabSchedule runner = NcrontabSchedule.parse(s);
            dev.fleetops.core.schedule.NcrontabSchedule app = dev.fleetops.core.schedule.NcrontabSchedule.parse(s);
            for (Instant at : starts) {
                Instant t = at;
                for (int i = 0; i < 5; i++) {
                    var expected = runner.next(t);
                    assertEquals(expected, app.next(t), s + " after " + t);
                    if (expected.isEmpty()) {
                        break;
                    }
                    t = expected.get();
                }
            }
        }
    }
}
