package dev.fleetops.core.rollout.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleetops.contract.FieldError;
import dev.fleetops.contract.Parsed;
import dev.fleetops.core.rollout.RolloutState;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@code GET /api/operations}' query parameters: every bad one is a 400 naming it. */
class OperationQueryTest {
    private static List<String> fieldsOf(Map<String, String> params) {
        return assertInstanceOf(Parsed.Invalid.class, OperationQuery.parse(params)).errors().stream()
                .map(e -> ((FieldError) e).field())
                .toList();
    }

    @Test
    void noParametersIsTheFirstPageOfEverything() {
        OperationQuery q = ((Parsed.Valid<OperationQuery>) OperationQuery.parse(Map.of())).value();
        assertEquals(Set.of(), q.states());
        assertEquals(null, q.action());
        assertEquals(OperationQuery.DEFAULT_PAGE_SIZE, q.pageSize());
    }

    @Test
    void statesAreWireNamesSeparatedByCommas() {
        OperationQuery q = ((Parsed.Valid<OperationQuery>)
                        OperationQuery.parse(Map.of("state", "running,pendingApproval", "action", "firmwareUpdate")))
                .value();
        assertEquals(Set.of(RolloutState.RUNNING, RolloutState.PENDING_APPROVAL), q.states());
        assertEquals("firmwareUpdate", q.action());
    }

    @Test
    void eachBadParameterIsNamed() {
        assertEquals(List.of("state"), fieldsOf(Map.of("state", "RUNNING")));
        assertEquals(List.of("state"), fieldsOf(Map.of("state", "running,")));
        assertEquals(List.of("action"), fieldsOf(Map.of("action", "format")));
        assertEquals(List.of("pageSize"), fieldsOf(Map.of("pageSize", "0")));
        assertEquals(List.of("pageSize"), fieldsOf(Map.of("pageSize", "201")));
        assertEquals(List.of("pageSize"), fieldsOf(Map.of("pageSize", "-1")));
        assertEquals(List.of("pageSize"), fieldsOf(Map.of("pageSize", "99999999999")));
        assertEquals(List.of("continuationToken"), fieldsOf(Map.of("continuationToken", "not a token")));
        assertEquals(List.of("continuationToken"), fieldsOf(Map.of("continuationToken", "x".repeat(300))));
        String forged = Base64.getUrlEncoder()
                .encodeToString("o1|2026-01-01T00:00:00Z|x' or 1 eq 1".getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of("continuationToken"), fieldsOf(Map.of("continuationToken", forged)));
        String tooOld = Base64.getUrlEncoder().encodeToString("o1|yesterday|abc".getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of("continuationToken"), fieldsOf(Map.of("continuationToken", tooOld)));
    }

    @Test
    void aBadValueIsQuotedShortAndWithoutControlCharacters() {
        Parsed.Invalid<?> bad = assertInstanceOf(
                Parsed.Invalid.class, OperationQuery.parse(Map.of("action", "x".repeat(500) + "\n<script>")));
        String message = ((FieldError) bad.errors().get(0)).message();
        assertTrue(message.length() < 200, message);
        assertTrue(!message.contains("\n"), message);
    }
}
