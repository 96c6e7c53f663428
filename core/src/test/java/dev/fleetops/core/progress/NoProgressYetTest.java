package dev.fleetops.core.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class NoProgressYetTest {
    static final Instant NOW = Instant.parse("2026-12-03T03:41:20Z");

    @Test
    void saysWhenTheNextTimerRunIsDue() {
        NoProgressYet n = NoProgressYet.at("0 */5 * * * *", NOW);
        assertEquals(Instant.parse("2026-12-03T03:45:00Z"), n.nextRunAt());
        assertEquals(
                "The progress timer has not completed a run yet. Its next run is due at 2026-12-03T03:45:00Z"
                        + " (in about 4 minutes, schedule '0 */5 * * * *' UTC); the summary appears here once that run"
                        + " finishes.",
                n.detail());
    }

    @Test
    void aNearRunIsCountedInSeconds() {
        NoProgressYet n = NoProgressYet.at("0 */1 * * * *", NOW);
        assertEquals(Instant.parse("2026-12-03T03:42:00Z"), n.nextRunAt());
        assertEquals(true, n.detail().contains("(in 40 seconds, schedule '0 */1 * * * *' UTC)"), n.detail());
    }

    @Test
    void aDailyRunIsCountedInHours() {
        NoProgressYet n = NoProgressYet.at("0 0 2 * * *", NOW);
        assertEquals(Instant.parse("2026-12-04T02:00:00Z"), n.nextRunAt());
        assertEquals(true, n.detail().contains("(in about 23 hours,"), n.detail());
    }

    @Test
    void withoutAReadableScheduleItSaysOnlyThatThereIsNoneYet() {
        for (String s : new String[] {null, " ", "every five minutes", "0 */5 * * *"}) {
            NoProgressYet n = NoProgressYet.at(s, NOW);
            assertNull(n.nextRunAt(), s);
            assertEquals("The progress timer has not completed a run yet.", n.detail(), s);
        }
        NoProgressYet never = NoProgressYet.at("0 0 0 30 2 *", NOW);
        assertNull(never.nextRunAt());
        assertEquals(true, never.detail().contains("never fires"), never.detail());
    }
}
