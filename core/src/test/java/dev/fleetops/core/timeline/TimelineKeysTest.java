package dev.fleetops.core.timeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class TimelineKeysTest {
    @Test
    void keysSortNewestFirstAndOneInstantsKeysInTheOrderTheyWereMade() {
        Instant t = Instant.parse("2026-06-01T00:00:00.000001Z");
        String earlier = TimelineKeys.key(t.minusNanos(1_000));
        String first = TimelineKeys.key(t);
        String second = TimelineKeys.key(t);
        assertTrue(second.compareTo(first) < 0, "written later, sorts first");
        assertTrue(first.compareTo(earlier) < 0, "a microsecond later, sorts first");
        assertTrue(first.compareTo(TimelineKeys.olderThan(t)) < 0, "not older than its own time");
        assertTrue(earlier.compareTo(TimelineKeys.olderThan(t)) > 0, "older than the next microsecond");
    }

    @Test
    void boundsBeforeTheEpochDoNotOverflow() {
        String epoch = TimelineKeys.key(Instant.EPOCH);
        assertTrue(epoch.compareTo(TimelineKeys.olderThan(Instant.EPOCH.minusSeconds(86_400))) < 0);
        assertEquals(19, TimelineKeys.timePrefix(Instant.EPOCH.minusSeconds(1)).length());
    }

    @Test
    void aTokenNamesItsDeviceAndItsLastKey() {
        String key = TimelineKeys.key(Instant.parse("2026-06-01T00:00:00Z"));
        String token = TimelineKeys.token("dev-1", key);
        assertEquals(key, TimelineKeys.resumeAfter("dev-1", token));
        assertThrows(IllegalArgumentException.class, () -> TimelineKeys.resumeAfter("dev-2", token));
        assertThrows(IllegalArgumentException.class, () -> TimelineKeys.resumeAfter("dev-1", "not base64!"));
        assertThrows(
                IllegalArgumentException.class,
                () -> TimelineKeys.resumeAfter("dev-1", TimelineKeys.token("dev-1", "1-2-3")));
    }
}
