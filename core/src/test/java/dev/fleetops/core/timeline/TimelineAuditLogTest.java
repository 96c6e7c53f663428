package dev.fleetops.core.timeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.fleetops.core.audit.AuditContext;
import dev.fleetops.core.audit.AuditLog;
import dev.fleetops.core.audit.AuditOutcome;
import dev.fleetops.core.audit.AuditPage;
import dev.fleetops.core.audit.AuditQuery;
import dev.fleetops.core.audit.AuditRecord;
import dev.fleetops.core.audit.AuditTarget;
import dev.fleetops.core.audit.Auditor;
import dev.fleetops.core.audit.InMemoryAuditLog;
import dev.fleetops.testkit.TestClock;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Operator commands on one device reach its timeline through the audit log, with the actor the audit names. */
class TimelineAuditLogTest {
    private final TestClock clock = TestClock.at(Instant.parse("2026-06-01T00:00:00Z"));
    private final InMemoryAuditLog audit = new InMemoryAuditLog();
    private final InMemoryDeviceTimeline timeline = new InMemoryDeviceTimeline();
    private final Auditor auditor = new Auditor(new TimelineAuditLog(audit, timeline), clock);

    @Test
    void anOutcomeOnADeviceIsAnEntryWithItsActorAndIntentsAndOperationCommandsAreNot() {
        AuditContext alice = AuditContext.named("alice", "Reboot");
        AuditRecord intent = auditor.intent(alice, AuditTarget.device("dev-1", "reboot-7"), "reboot");
        assertEquals(
                List.of(), timeline.page("dev-1", null, 50, clock.instant()).entries(), "an intent is not news");
        auditor.outcome(alice, intent, AuditTarget.device("dev-1", "reboot-7"), AuditOutcome.SUCCEEDED, "accepted");
        AuditContext pause = AuditContext.named("bob", "PauseOperation");
        auditor.outcome(
                pause,
                auditor.intent(pause, AuditTarget.operation("op-1"), "pause"),
                AuditTarget.operation("op-1"),
                AuditOutcome.SUCCEEDED,
                "paused");

        List<TimelineEntry> entries =
                timeline.page("dev-1", null, 50, clock.instant()).entries();
        assertEquals(1, entries.size(), entries.toString());
        TimelineEntry e = entries.get(0);
        assertEquals(TimelineEntry.Kind.COMMAND, e.kind());
        assertEquals("Reboot", e.action());
        assertEquals("reboot-7", e.operationId());
        assertEquals("succeeded", e.state());
        assertEquals("accepted", e.detail());
        assertEquals("alice", e.actor().displayName());
        assertEquals(4, audit.all().size(), "the audit log has every record");
    }

    @Test
    void aTimelineThatCannotBeWrittenLeavesTheAuditRecordStanding() {
        DeviceTimeline broken = new DeviceTimeline() {
            @Override
            public void append(List<TimelineEntry> entries) {
                throw new IllegalStateException("storage down");
            }

            @Override
            public TimelinePage page(String deviceId, String token, int pageSize, Instant now) {
                throw new UnsupportedOperationException();
            }
        };
        TimelineAuditLog log = new TimelineAuditLog(audit, broken);
        AuditRecord outcome = new AuditRecord(
                AuditRecord.newId(),
                clock.instant(),
                "Reboot",
                AuditOutcome.FAILED,
                null,
                AuditTarget.device("dev-1", "r-1"),
                "offline",
                null,
                AuditRecord.newId());
        log.append(outcome);
        assertEquals(List.of(outcome), audit.all());

        AuditLog down = new AuditLog() {
            @Override
            public void append(AuditRecord record) {
                throw new IllegalStateException("audit down");
            }

            @Override
            public AuditPage query(AuditQuery query) {
                throw new UnsupportedOperationException();
            }
        };
        assertThrows(IllegalStateException.class, () -> new TimelineAuditLog(down, timeline).append(outcome));
        assertEquals(
                List.of(), timeline.page("dev-1", null, 50, clock.instant()).entries(), "no entry without its record");
    }
}
