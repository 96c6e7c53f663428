package dev.fleetops.core.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.fleetops.contract.FieldError;
import dev.fleetops.contract.Parsed;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code GET /api/audit}'s query string is hostile input: each bad value is a 400 naming its field. */
class AuditQueryTest {
    private static final Instant NOW = Instant.parse("2026-06-01T10:00:00Z");

    private static AuditQuery valid(Map<String, String> params) {
        Parsed<AuditQuery> p = AuditQuery.parse(params, NOW);
        assertInstanceOf(Parsed.Valid.class, p, params::toString);
        return ((Parsed.Valid<AuditQuery>) p).value();
    }

    private static List<String> fields(Map<String, String> params) {
        Parsed<AuditQuery> p = AuditQuery.parse(params, NOW);
        assertInstanceOf(Parsed.Invalid.class, p, params::toString);
        return ((Parsed.Invalid<AuditQuery>) p)
                .errors().stream().map(FieldError::field).toList();
    }

    @Test
    void withoutParametersItIsTheLastDayFirstPage() {
        AuditQuery q = valid(Map.of("code", "the-function-key"));
        assertEquals(NOW, q.to());
        assertEquals(NOW.minus(Duration.ofHours(24)), q.from());
        assertEquals(50, q.pageSize());
        assertNull(q.deviceId());
        assertNull(q.continuationToken());
    }

    @Test
    void filtersAndTimesAreRead() {
        AuditQuery q = valid(Map.of(
                "deviceId",
                "dev-1",
                "operationId",
                "op.1_x",
                "actor",
                "0A1B2C3D-0000-0000-0000-00000000000F",
                "from",
                "2026-05-31T12:00:00+02:00",
                "to",
                "2026-06-01T00:00:00Z",
                "pageSize",
                "7",
                "continuationToken",
                "abc"));
        assertEquals("dev-1", q.deviceId());
        assertEquals("op.1_x", q.operationId());
        assertEquals(
                "0a1b2c3d-0000-0000-0000-00000000000f",
                q.actorId(),
                "object ids compare in lower case, as they are stored");
        assertEquals(Instant.parse("2026-05-31T10:00:00Z"), q.from());
        assertEquals(Instant.parse("2026-06-01T00:00:00Z"), q.to());
        assertEquals(7, q.pageSize());
        assertEquals("abc", q.continuationToken());
        assertEquals("automation:ci", valid(Map.of("actor", "automation:ci")).actorId());
    }

    @Test
    void eachBadValueNamesItsField() {
        assertEquals(List.of("deviceId"), fields(Map.of("deviceId", "bad/id")));
        assertEquals(List.of("deviceId"), fields(Map.of("deviceId", "d".repeat(100_000))));
        assertEquals(List.of("operationId"), fields(Map.of("operationId", "'; drop")));
        assertEquals(List.of("actor"), fields(Map.of("actor", "Alice Smith")));
        assertEquals(List.of("actor"), fields(Map.of("actor", "a' or PartitionKey ne '")));
        assertEquals(List.of("from"), fields(Map.of("from", "yesterday")));
        assertEquals(
                List.of("from"), fields(Map.of("from", "2026-06-01T10:00:00")), "a time without a zone is ambiguous");
        assertEquals(List.of("to"), fields(Map.of("to", "2026-06-01T10:00:00Z" + " ".repeat(50))));
        assertEquals(List.of("to"), fields(Map.of("to", "1969-12-31T00:00:00Z")));
        assertEquals(List.of("pageSize"), fields(Map.of("pageSize", "0")));
        assertEquals(List.of("pageSize"), fields(Map.of("pageSize", "201")));
        assertEquals(List.of("pageSize"), fields(Map.of("pageSize", "99999999999999")));
        assertEquals(List.of("continuationToken"), fields(Map.of("continuationToken", "x".repeat(5000))));
        Map<String, String> many = new HashMap<>(Map.of("deviceId", "a b", "pageSize", "x", "from", "?"));
        assertEquals(
                List.of("deviceId", "from", "pageSize"),
                fields(many).stream().sorted().toList());
    }

    @Test
    void theRangeIsOrderedAndBounded() {
        assertEquals(List.of("from"), fields(Map.of("from", "2026-06-02T00:00:00Z", "to", "2026-06-01T00:00:00Z")));
        assertEquals(List.of("from"), fields(Map.of("from", "2026-06-02T00:00:00Z")), "from after now");
        assertEquals(List.of("from"), fields(Map.of("from", "2026-04-01T00:00:00Z", "to", "2026-05-02T00:00:01Z")));
        AuditQuery longest = valid(Map.of("from", "2026-04-01T00:00:00Z", "to", "2026-05-02T00:00:00Z"));
        assertEquals(AuditQuery.MAX_RANGE, Duration.between(longest.from(), longest.to()));
        AuditQuery empty = valid(Map.of("from", "2026-05-01T00:00:00Z", "to", "2026-05-01T00:00:00Z"));
        assertEquals(empty.from(), empty.to());
    }

    @Test
    void theRangeIsHalfOpen() {
        AuditQuery q = AuditQuery.between(NOW, NOW.plusSeconds(10));
        AuditActor a = new AuditActor("oid", "n", "user", List.of());
        assertEquals(true, q.matches(record(NOW, a)));
        assertEquals(true, q.matches(record(NOW.plusSeconds(10).minusNanos(1), a)));
        assertEquals(false, q.matches(record(NOW.plusSeconds(10), a)));
        assertEquals(false, q.matches(record(NOW.minusNanos(1), a)));
        assertEquals(
                false,
                q.withActor("oid").matches(record(NOW, null)),
                "a record without an actor matches no actor filter");
    }

    private static AuditRecord record(Instant at, AuditActor actor) {
        return new AuditRecord(
                AuditRecord.newId(), at, "Reboot", AuditOutcome.DENIED, actor, AuditTarget.NONE, null, null, null);
    }
}
