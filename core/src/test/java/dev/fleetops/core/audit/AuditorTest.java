package dev.fleetops.core.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The write order that makes the audit trustworthy: intent first (or no action), outcome after (or "unknown"). */
class AuditorTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-06-01T10:00:00Z"), ZoneOffset.UTC);
    private final List<String> warnings = new ArrayList<>();
    private final AuditContext ctx = new AuditContext(
            new AuditActor("11111111-1111-1111-1111-111111111111", "Ada", "user", List.of("FleetOps.Admin")),
            new RequestIds("inv-1", "client-1", null),
            "FactoryReset",
            warnings::add);

    @Test
    void anOutcomeNamesItsIntentAndItsActor() {
        InMemoryAuditLog log = new InMemoryAuditLog();
        Auditor auditor = new Auditor(log, CLOCK);
        AuditRecord intent = auditor.intent(ctx, AuditTarget.device("d1", "op-1"), "factoryReset");
        auditor.outcome(ctx, intent, AuditOutcome.SUCCEEDED, "accepted");
        List<AuditRecord> all = log.all();
        assertEquals(2, all.size());
        AuditRecord outcome =
                all.stream().filter(r -> r.intentId() != null).findFirst().orElseThrow();
        assertEquals(intent.id(), outcome.intentId());
        assertEquals(AuditOutcome.PENDING, intent.outcome());
        assertEquals("FactoryReset", outcome.action());
        assertEquals("d1", outcome.target().deviceId());
        assertEquals("Ada", outcome.actor().displayName());
        assertEquals("client-1", outcome.request().clientRequestId());
        assertTrue(warnings.isEmpty());
    }

    @Test
    void anIntentThatCannotBeStoredThrowsSoTheActionDoesNotRun() {
        AuditLog broken = new AuditLog() {
            @Override
            public void append(AuditRecord record) {
                throw new IllegalStateException("storage down");
            }

            @Override
            public AuditPage query(AuditQuery query) {
                throw new UnsupportedOperationException();
            }
        };
        AuditUnavailableException e = assertThrows(
                AuditUnavailableException.class, () -> new Auditor(broken, CLOCK).intent(ctx, AuditTarget.NONE, "x"));
        assertTrue(e.getMessage().contains("FactoryReset"), e.getMessage());
        assertEquals(1, warnings.size(), "the 'not attempted' note could not be stored either, and that is reported");
    }

    @Test
    void anOutcomeThatCannotBeStoredIsReportedNotThrown() {
        List<AuditRecord> kept = new ArrayList<>();
        AuditLog onlyFirst = new AuditLog() {
            @Override
            public void append(AuditRecord record) {
                if (!kept.isEmpty()) {
                    throw new IllegalStateException("storage down");
                }
                kept.add(record);
            }

            @Override
            public AuditPage query(AuditQuery query) {
                throw new UnsupportedOperationException();
            }
        };
        Auditor auditor = new Auditor(onlyFirst, CLOCK);
        AuditRecord intent = auditor.intent(ctx, AuditTarget.NONE, "x");
        auditor.outcome(ctx, intent, AuditOutcome.SUCCEEDED, "done");
        assertEquals(List.of(intent), kept, "the intent stays: its outcome reads as unknown");
        assertEquals(1, warnings.size());
        assertTrue(warnings.get(0).contains(intent.id()), warnings.toString());
    }

    @Test
    void clientValuesAreKeptOnlyInTheirDocumentedShape() {
        RequestIds ok = new RequestIds(
                "9f3c2a10-0000-4000-8000-000000000001",
                "{0A1B-2c3d}",
                "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
        assertEquals("{0A1B-2c3d}", ok.clientRequestId());
        assertEquals("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", ok.traceparent());
        RequestIds hostile = new RequestIds("inv\n1", "<script>", "00-XYZ");
        assertEquals(RequestIds.NONE, hostile);
        assertEquals(new RequestIds(ok.invocationId(), null, null), ok.withoutClientValues());
    }

    @Test
    void actorTextIsCleanedAndBounded() {
        AuditActor a = new AuditActor("oid-1", "Mallory\u202e\u0000" + "x".repeat(1000), "user", null);
        assertEquals(AuditActor.MAX_DISPLAY_NAME, a.displayName().length());
        assertTrue(a.displayName().startsWith("Mallory"));
        assertEquals("oid-1", new AuditActor("oid-1", "  ", null, null).displayName());
        assertEquals(
                "Mallory",
                new AuditActor("oid-1", "Mallory\u202e", "user", null).label().split(" ")[0]);
    }
}
