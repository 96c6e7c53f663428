package dev.fleetops.localhub.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.fleetops.localhub.query.errors.QuerySyntaxException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs {@code query/cases.json}: the documented IoT Hub example queries and many more, each with the rows
 * it must return or the error position and reason it must fail with. Like jmespath's compliance suite, the
 * cases are data so that adding one needs no Java.
 */
class QueryConformanceTest {

    static Stream<Arguments> cases() throws IOException {
        JsonObject file;
        try (InputStream in = QueryConformanceTest.class.getResourceAsStream("/query/cases.json")) {
            file = JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8))
                    .getAsJsonObject();
        }
        JsonObject fixtures = file.getAsJsonObject("fixtures");
        List<Arguments> cases = new ArrayList<>();
        for (JsonElement c : file.getAsJsonArray("cases")) {
            JsonObject testCase = c.getAsJsonObject();
            cases.add(Arguments.of(testCase.get("name").getAsString(), testCase, fixtures));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void queryBehavesAsDocumented(String name, JsonObject testCase, JsonObject fixtures) {
        String text = testCase.get("query").getAsString();
        if (testCase.has("error")) {
            JsonObject error = testCase.getAsJsonObject("error");
            QuerySyntaxException e = assertThrows(QuerySyntaxException.class, () -> Query.parse(text));
            String expectedReason = error.get("reason").getAsString();
            assertTrue(e.reason().contains(expectedReason), () -> "reason was: " + e.reason());
            assertEquals(error.get("position").getAsInt(), e.position(), () -> "reason was: " + e.reason());
            return;
        }
        List<JsonObject> rows = Query.parse(text).execute(documents(testCase, fixtures));
        if (testCase.has("expectedIds")) {
            List<String> expected = new ArrayList<>();
            testCase.getAsJsonArray("expectedIds").forEach(id -> expected.add(id.getAsString()));
            assertEquals(expected, rows.stream().map(QueryConformanceTest::id).toList());
        } else {
            JsonArray actual = new JsonArray();
            rows.forEach(actual::add);
            assertEquals(testCase.getAsJsonArray("expected"), actual);
        }
    }

    /** Deep copies, so a query that mutated its input could not leak into the next case. */
    private static List<JsonObject> documents(JsonObject testCase, JsonObject fixtures) {
        JsonElement docs = testCase.get("documents");
        JsonArray array = docs.isJsonPrimitive() ? fixtures.getAsJsonArray(docs.getAsString()) : docs.getAsJsonArray();
        List<JsonObject> result = new ArrayList<>();
        array.forEach(d -> result.add(d.deepCopy().getAsJsonObject()));
        return result;
    }

    private static String id(JsonObject row) {
        return (row.has("jobId") ? row.get("jobId") : row.get("deviceId")).getAsString();
    }
}
