package dev.fleetops.localhub.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleetops.localhub.query.ast.AggregateFunction;
import dev.fleetops.localhub.query.ast.Expr;
import dev.fleetops.localhub.query.ast.LogicalOp;
import dev.fleetops.localhub.query.ast.Projection;
import dev.fleetops.localhub.query.ast.Source;
import dev.fleetops.localhub.query.ast.Statement;
import dev.fleetops.localhub.query.parse.Parser;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Structure, precedence (proved through the parentheses the printer writes) and print/parse round trips. */
class ParserTest {

    private static String where(String condition) {
        String printed = Query.parse("SELECT * FROM devices WHERE " + condition).toString();
        return printed.substring("SELECT * FROM devices WHERE ".length());
    }

    @ParameterizedTest(name = "{0}  =>  {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "a OR b AND c                | (a OR (b AND c))",
                "a AND b OR c                | ((a AND b) OR c)",
                "NOT a AND b                 | ((NOT a) AND b)",
                "NOT a = 1                   | (NOT (a = 1))",
                "a = 1 OR b = 2 AND c = 3    | ((a = 1) OR ((b = 2) AND (c = 3)))",
                "a OR b OR c                 | (a OR b OR c)",
                "(a OR b) AND c              | ((a OR b) AND c)",
                "a + b * c = d               | ((a + (b * c)) = d)",
                "a - b - c                   | (a - b - c)",
                "a * b % c / d               | (a * b % c / d)",
                "-a * b                      | ((-a) * b)",
                "+a                          | a",
                "a <> 1                      | (a != 1)",
                "a IN [1, 'x'] AND b NIN []  | ((a IN [1, 'x']) AND (b NIN []))",
                "a IN [-1]                   | (a IN [-1])",
                "is_defined(a.b)             | IS_DEFINED(a.b)",
                "tags.group = 0x10           | (tags.[[group]] = 16)",
                "a.[[b c]] = 1.5             | (a.[[b c]] = 1.5)",
            })
    void operatorsBindAsDocumented(String condition, String expected) {
        assertEquals(expected, where(condition));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "SELECT * FROM devices",
                "select top 3 deviceId as id, tags.x from devices where a = 'it\\'s' or not b >= -2.5e3",
                "SELECT s, COUNT() AS n, SUM(p.q * 2), AVG(x) FROM devices WHERE IS_DEFINED(s) GROUP BY s",
                "SELECT * FROM devices.jobs WHERE devices.jobs.status IN ['completed', 'failed']",
                "SELECT * FROM devices.modules WHERE moduleId = \"m\\u0001\" AND x % 3 = undefined OR y = null",
            })
    void printedFormParsesBackToTheSameTree(String text) {
        Statement first = Parser.parse(text);
        String printed = Query.parse(text).toString();
        Statement second = Parser.parse(printed);
        assertEquals(printed, Query.parse(printed).toString());
        assertEquals(first.projections().size(), second.projections().size());
        assertEquals(
                first.where().map(ParserTest::withoutPositions), second.where().map(ParserTest::withoutPositions));
    }

    /** Paths carry positions, which legitimately differ between the original and the printed text. */
    private static String withoutPositions(Expr e) {
        return e.toString().replaceAll("position=\\d+", "");
    }

    @Test
    void selectListKeepsAliasesAggregatesAndTop() {
        Statement s = Parser.parse("SELECT TOP 5 tags.region AS r, COUNT() AS n FROM devices GROUP BY tags.region");
        assertEquals(5, s.top().getAsInt());
        Projection.Property region = (Projection.Property) s.projections().get(0);
        assertEquals(List.of("tags", "region"), region.path().segments());
        assertEquals(Optional.of("r"), region.alias());
        Projection.Aggregate count = (Projection.Aggregate) s.projections().get(1);
        assertEquals(AggregateFunction.COUNT, count.function());
        assertEquals(Optional.empty(), count.argument());
        assertEquals(13, region.position());
        assertTrue(s.isAggregate());
    }

    @Test
    void starSelectsWholeDocuments() {
        Statement s = Parser.parse("SELECT * FROM devices");
        assertTrue(s.selectsAll());
        assertFalse(s.isAggregate());
        assertTrue(s.top().isEmpty());
    }

    @Test
    void longOrChainIsOneFlatNode() {
        String condition = String.join(" OR ", java.util.Collections.nCopies(500, "deviceId = 'x'"));
        Expr where =
                Parser.parse("SELECT * FROM devices WHERE " + condition).where().orElseThrow();
        assertEquals(LogicalOp.OR, ((Expr.Logical) where).op());
        assertEquals(500, ((Expr.Logical) where).operands().size());
    }

    @Test
    void sourceIsReportedForEachCollection() {
        assertEquals(Source.DEVICES, Query.parse("SELECT * FROM devices").source());
        assertEquals(
                Source.DEVICES_JOBS, Query.parse("SELECT * FROM Devices.Jobs").source());
        assertEquals(
                Source.DEVICES_MODULES,
                Query.parse("SELECT * FROM devices.modules").source());
    }
}
