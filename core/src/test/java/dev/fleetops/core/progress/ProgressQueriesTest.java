package dev.fleetops.core.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleetops.contract.Action;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ProgressQueriesTest {

    @Test
    void groupByQueriesAggregateOnTheReportedStatusPath() {
        assertEquals(
                "SELECT properties.reported.iothubDM.firmwareUpdate.status AS status, COUNT() AS count FROM devices"
                        + " GROUP BY properties.reported.iothubDM.firmwareUpdate.status",
                ProgressQueries.statusCounts(Action.FIRMWARE_UPDATE));
        assertEquals(
                "SELECT properties.reported.iothubDM.firmwareVersion AS version, COUNT() AS count FROM devices"
                        + " GROUP BY properties.reported.iothubDM.firmwareVersion",
                ProgressQueries.firmwareVersionCounts());
    }

    @Test
    void stuckQueryListsOnlyNonTerminalStatusesAndTheCutoff() {
        String q = ProgressQueries.stuck(Instant.parse("2026-06-01T11:30:00Z"));
        assertTrue(q.contains("properties.reported.iothubDM.reboot.status IN ['rebooting']"), q);
        assertTrue(q.contains("properties.reported.iothubDM.factoryReset.status IN ['inProgress']"), q);
        assertTrue(q.contains("'downloading'") && !q.contains("'applyComplete'"), q);
        assertTrue(q.contains("updatedAt < '2026-06-01T11:30:00.000Z'"), q);
    }

    @Test
    void failedQueryListsEveryFailureStatus() {
        String q = ProgressQueries.failed();
        for (String s :
                new String[] {"'failed'", "'downloadFailed'", "'verifyFailed'", "'applyFailed'", "'rolledBack'"}) {
            assertTrue(q.contains(s), s);
        }
        assertTrue(!q.contains("'completed'"));
    }

    @Test
    void queriesStayWithinTheHubLengthLimit() {
        assertTrue(ProgressQueries.stuck(Instant.now()).length() < 8192);
        assertTrue(ProgressQueries.failed().length() < 8192);
    }
}
