package dev.fleetops.functions.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleetops.core.audit.AuditActor;
import dev.fleetops.core.audit.AuditLog;
import dev.fleetops.core.audit.AuditOutcome;
import dev.fleetops.core.audit.AuditPage;
import dev.fleetops.core.audit.AuditQuery;
import dev.fleetops.core.audit.AuditRecord;
import dev.fleetops.core.audit.AuditTarget;
import dev.fleetops.core.audit.RequestIds;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link AuditLog} must have; extended by the Table Storage test (against Azurite) and the in-memory
 * log's test. Every test writes at a random minute of a random day far ahead, with fresh ids, so a shared, persistent
 * log is fine.
 */
abstract class AuditLogContract {
    protected abstract AuditLog log();

    private final Instant base = Instant.parse("2090-01-01T00:00:00Z")
            .plus(Duration.ofDays(ThreadLocalRandom.current().nextInt(3650)))
            .plus(Duration.ofMinutes(ThreadLocalRandom.current().nextInt(1000)));
    private final String run = UUID.randomUUID().toString().substring(0, 8);

    private AuditActor actor(String name) {
        return new AuditActor(
                UUID.randomUUID().toString(), name + "-" + run, "user", List.of("FleetOps.Reader", "FleetOps.Admin"));
    }

    private static AuditRecord record(Instant at, AuditActor actor, String deviceId, String operationId) {
        return new AuditRecord(
                AuditRecord.newId(),
                at,
                "Reboot",
                AuditOutcome.SUCCEEDED,
                actor,
                new AuditTarget(deviceId, operationId, null),
                "accepted",
                new RequestIds("inv-" + UUID.randomUUID(), null, null),
                null);
    }

    private AuditRecord append(AuditRecord r) {
        log().append(r);
        return r;
    }

    private List<AuditRecord> all(AuditQuery q, int pageSize) {
        List<AuditRecord> out = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        String token = null;
        int pages = 0;
        do {
            AuditPage page = log().query(q.withPage(token, pageSize));
            assertTrue(page.records().size() <= pageSize, "page size");
            for (AuditRecord r : page.records()) {
                assertTrue(ids.add(r.id()), "seen twice: " + r.id());
                out.add(r);
            }
            token = page.continuationToken();
            assertTrue(++pages < 500, "paging does not end");
        } while (token != null);
        return out;
    }

    private AuditQuery window() {
        return AuditQuery.between(base.minus(Duration.ofDays(2)), base.plus(Duration.ofDays(2)));
    }

    private static List<String> ids(List<AuditRecord> records) {
        return records.stream().map(AuditRecord::id).toList();
    }

    @Test
    void aRecordKeepsEveryField() {
        String device = "dev-" + run + "-'quoted'$";
        AuditRecord intent = append(new AuditRecord(
                AuditRecord.newId(),
                base.plusNanos(123_456_789),
                "FirmwareUpdate",
                AuditOutcome.PENDING,
                actor("Ada Lovelace ✓"),
                new AuditTarget(device, "op-" + run, null),
                "firmwareUpdate 2.0.0 from https://cdn.example/fw.bin",
                new RequestIds(
                        "0b1c2d3e-0000-4000-8000-000000000001",
                        "{client-req-1}",
                        "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"),
                null));
        AuditRecord outcome = append(new AuditRecord(
                AuditRecord.newId(),
                base.plusSeconds(1),
                "FirmwareUpdate",
                AuditOutcome.UNKNOWN,
                intent.actor(),
                intent.target(),
                "device timeout",
                intent.request(),
                intent.id()));
        AuditRecord unauthenticated = append(new AuditRecord(
                AuditRecord.newId(),
                base.plusSeconds(2),
                "Device",
                AuditOutcome.DENIED,
                null,
                AuditTarget.route("/api/devices/" + run),
                "no authenticated principal",
                new RequestIds("inv-2", null, null),
                null));
        assertEquals(
                List.of(outcome, intent),
                log().query(window().withDevice(device)).records());
        List<AuditRecord> everything = log().query(window()).records();
        assertTrue(everything.contains(unauthenticated), everything.toString());
    }

    @Test
    void eachFilterFindsItsRecordsAndNoOthers() {
        AuditActor p = actor("p");
        AuditActor q = actor("q");
        String devA = "a-" + run;
        String opX = "x-" + run;
        AuditRecord r1 = append(record(base.plusSeconds(1), p, devA, opX));
        AuditRecord r2 = append(record(base.plusSeconds(2), q, devA, null));
        AuditRecord r3 = append(record(base.plusSeconds(3), q, null, opX));
        AuditRecord r4 = append(record(base.plusSeconds(4), p, null, null));
        AuditRecord r5 = append(record(base.plusSeconds(5), null, null, null));
        assertEquals(
                ids(List.of(r2, r1)), ids(log().query(window().withDevice(devA)).records()));
        assertEquals(
                ids(List.of(r3, r1)),
                ids(log().query(window().withOperation(opX)).records()));
        assertEquals(
                ids(List.of(r4, r1)),
                ids(log().query(window().withActor(p.objectId())).records()));
        assertEquals(
                ids(List.of(r2)),
                ids(log().query(window().withDevice(devA).withActor(q.objectId()))
                        .records()));
        assertEquals(
                ids(List.of(r1)),
                ids(log().query(window().withOperation(opX).withActor(p.objectId()))
                        .records()));
        assertEquals(
                ids(List.of(r1)),
                ids(log().query(window().withDevice(devA).withOperation(opX)).records()));
        assertEquals(
                List.of(),
                log().query(window().withDevice(devA)
                                .withActor(UUID.randomUUID().toString()))
                        .records());
        List<String> unfiltered = ids(all(window(), 50));
        assertTrue(unfiltered.containsAll(ids(List.of(r1, r2, r3, r4, r5))), unfiltered.toString());
        assertEquals(
                ids(List.of(r5, r4, r3, r2, r1)),
                unfiltered.stream()
                        .filter(ids(List.of(r1, r2, r3, r4, r5))::contains)
                        .toList(),
                "newest first");
    }

    @Test
    void theRangeIsHalfOpen() {
        AuditActor p = actor("p");
        List<AuditRecord> rs = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            rs.add(append(record(base.plusSeconds(i), p, null, null)));
        }
        AuditQuery q =
                AuditQuery.between(base.plusSeconds(1), base.plusSeconds(3)).withActor(p.objectId());
        assertEquals(ids(List.of(rs.get(2), rs.get(1))), ids(log().query(q).records()));
        AuditQuery sub = AuditQuery.between(
                        base.plusSeconds(1).plusNanos(1_000),
                        base.plusSeconds(2).plusNanos(1_000))
                .withActor(p.objectId());
        assertEquals(ids(List.of(rs.get(2))), ids(log().query(sub).records()));
        assertEquals(
                List.of(),
                log().query(AuditQuery.between(base.plusSeconds(2), base.plusSeconds(2))
                                .withActor(p.objectId()))
                        .records());
    }

    @Test
    void pagesReturnEveryRecordOnceNewestFirstAcrossDays() {
        AuditActor p = actor("p");
        String device = "paged-" + run;
        List<AuditRecord> written = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            // Three days, and several records of one instant.
            Instant at = base.plus(Duration.ofHours(i * 3L))
                    .minus(Duration.ofDays(1))
                    .plusMillis(i % 4 == 0 ? 0 : i);
            written.add(append(record(at, p, device, null)));
        }
        written.add(append(record(written.get(4).at(), p, device, null)));
        written.add(append(record(written.get(4).at(), p, device, null)));
        AuditQuery q = AuditQuery.between(base.minus(Duration.ofDays(2)), base.plus(Duration.ofDays(3)));
        for (AuditQuery each : List.of(q.withDevice(device), q.withActor(p.objectId()))) {
            List<AuditRecord> paged = all(each, 4);
            assertEquals(written.size(), paged.size());
            assertEquals(new HashSet<>(ids(written)), new HashSet<>(ids(paged)));
            assertEquals(
                    paged.stream()
                            .sorted(Comparator.comparing(AuditRecord::at).reversed())
                            .map(AuditRecord::at)
                            .toList(),
                    paged.stream().map(AuditRecord::at).toList(),
                    "newest first");
        }
        List<AuditRecord> unfiltered = all(q, 3).stream()
                .filter(r -> r.actor() != null && r.actor().objectId().equals(p.objectId()))
                .toList();
        assertEquals(
                new HashSet<>(ids(written)), new HashSet<>(ids(unfiltered)), "the day partitions hold every record");
        assertEquals(
                unfiltered.stream()
                        .sorted(Comparator.comparing(AuditRecord::at).reversed())
                        .map(AuditRecord::at)
                        .toList(),
                unfiltered.stream().map(AuditRecord::at).toList(),
                "newest first across days");
    }

    @Test
    void aTokenOfAnotherQueryOrNoTokenAtAllIsRefused() {
        AuditActor p = actor("p");
        String device = "tok-" + run;
        for (int i = 0; i < 3; i++) {
            append(record(base.plusSeconds(i), p, device, null));
        }
        String token =
                log().query(window().withDevice(device).withPage(null, 1)).continuationToken();
        assertNotNull(token);
        assertEquals(
                1,
                log().query(window().withDevice(device).withPage(token, 1))
                        .records()
                        .size());
        assertThrows(
                IllegalArgumentException.class,
                () -> log().query(window().withDevice("other-" + run).withPage(token, 1)));
        assertThrows(IllegalArgumentException.class, () -> log().query(window().withPage("not a token", 1)));
        assertThrows(
                IllegalArgumentException.class, () -> log().query(window().withPage("eyJ2IjoxLCJwIjoiZHx4In0", 1)));
    }
}
