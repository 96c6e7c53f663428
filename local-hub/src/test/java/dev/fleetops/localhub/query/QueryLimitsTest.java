package dev.fleetops.localhub.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.fleetops.localhub.query.ast.Source;
import dev.fleetops.localhub.query.errors.QuerySyntaxException;
import java.util.List;
import org.junit.jupiter.api.Test;

class QueryLimitsTest {
    private static final String PREFIX = "SELECT * FROM devices WHERE deviceId = '";

    private static String queryOfLength(int length) {
        return PREFIX + "x".repeat(length - PREFIX.length() - 1) + "'";
    }

    @Test
    void queryOfExactlyTheMaximumLengthIsAccepted() {
        assertEquals(
                Source.DEVICES, Query.parse(queryOfLength(Query.MAX_LENGTH)).source());
    }

    @Test
    void longerQueryIsRejectedAtTheLimit() {
        QuerySyntaxException e =
                assertThrows(QuerySyntaxException.class, () -> Query.parse(queryOfLength(Query.MAX_LENGTH + 1)));
        assertEquals("query longer than 8192 characters", e.reason());
        assertEquals(8192, e.position());
    }

    @Test
    void nullTextIsASyntaxErrorNotANullPointer() {
        assertEquals(
                0,
                assertThrows(QuerySyntaxException.class, () -> Query.parse(null))
                        .position());
    }

    @Test
    void sixtyFourNestedParenthesesAreAccepted() {
        Query q = Query.parse("SELECT * FROM devices WHERE " + "(".repeat(64) + "a = 1" + ")".repeat(64));
        com.google.gson.JsonObject one = new com.google.gson.JsonObject();
        one.addProperty("a", 1);
        com.google.gson.JsonObject two = new com.google.gson.JsonObject();
        two.addProperty("a", 2);
        assertEquals(List.of(one), q.execute(List.of(one, two)), "the nested condition still selects a = 1");
    }

    @Test
    void deeperNestingIsACleanErrorAtTheOffendingParenthesis() {
        String text = "SELECT * FROM devices WHERE " + "(".repeat(65) + "a = 1" + ")".repeat(65);
        QuerySyntaxException e = assertThrows(QuerySyntaxException.class, () -> Query.parse(text));
        assertEquals("expression nested deeper than 64 levels", e.reason());
        assertEquals(28 + 64, e.position());
    }

    @Test
    void thousandsOfNotsOrMinusesDoNotOverflowTheStack() {
        assertThrows(
                QuerySyntaxException.class,
                () -> Query.parse("SELECT * FROM devices WHERE " + "NOT ".repeat(2000) + "a"));
        assertThrows(
                QuerySyntaxException.class, () -> Query.parse("SELECT * FROM devices WHERE " + "-".repeat(8000) + "a"));
        assertThrows(
                QuerySyntaxException.class,
                () -> Query.parse("SELECT * FROM devices WHERE " + "IS_DEFINED(".repeat(700) + "a"));
    }

    @Test
    void longestArithmeticChainEvaluatesWithoutDeepRecursion() {
        String chain = "1" + " + 1".repeat(2000);
        Query q = Query.parse("SELECT * FROM devices WHERE " + chain + " = 2001");
        assertEquals(1, q.execute(List.of(new com.google.gson.JsonObject())).size());
    }
}
