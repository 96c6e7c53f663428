package dev.fleetops.localhub.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import com.google.gson.internal.LazilyParsedNumber;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Documents come from devices, so evaluation must survive any shape: wrong types where twins have objects,
 * NaN and unparseable numbers, very deep nesting. Names come from a small vocabulary so that query paths
 * actually hit the random values.
 */
class EvaluationFuzzTest {
    private static final String[] NAMES = {
        "deviceId",
        "status",
        "tags",
        "location",
        "region",
        "properties",
        "reported",
        "desired",
        "x",
        "a",
        "b",
        "group",
        "Status",
        "telemetryConfig",
        "sendFrequencyInSecs"
    };
    private static final List<String> QUERIES = List.of(
            "SELECT * FROM devices WHERE tags.location.region = 'US' OR x > 1 AND NOT (a.b IN [1, 'a', null, true])",
            "SELECT * FROM devices WHERE -x * 2 + a % 3 / b - 1 >= 0 OR IS_DEFINED(properties.reported.x)",
            "SELECT x, a.b AS ab, tags.location FROM devices WHERE x != a",
            "SELECT status, COUNT() AS n, SUM(x) AS s, AVG(x), MIN(a.b), MAX(tags) FROM devices GROUP BY status",
            "SELECT tags, x, COUNT() FROM devices GROUP BY tags, x",
            "SELECT TOP 3 * FROM devices WHERE NOT x NIN ['a', 0] OR status < 'z'");

    @Test
    void randomDocumentsNeverMakeAQueryThrow() {
        Random random = new Random(424242L);
        List<Query> queries = new ArrayList<>(QUERIES.stream().map(Query::parse).toList());
        addRandomValidQueries(queries, random);
        for (int round = 0; round < 300; round++) {
            List<JsonObject> docs = new ArrayList<>();
            for (int d = random.nextInt(12); d > 0; d--) {
                docs.add(randomObject(random, 0));
            }
            docs.add(null);
            for (Query q : queries) {
                try {
                    q.execute(docs);
                } catch (RuntimeException | StackOverflowError e) {
                    // Not the documents: some hold numbers Gson itself cannot print.
                    fail("unexpected " + e + " for " + q + " in round " + round, e);
                }
            }
        }
    }

    @Test
    void extremelyDeepDocumentsAreHarmless() {
        List<JsonObject> docs = List.of(deepDocument(), deepDocument());
        for (String text : QUERIES) {
            Query.parse(text).execute(docs);
        }
        // Too deep to group by value safely: each such document forms its own group.
        assertEquals(
                2,
                Query.parse("SELECT COUNT() AS n FROM devices GROUP BY tags")
                        .execute(docs)
                        .size());
    }

    /** Built iteratively; Gson's own deepCopy/toString would overflow on it. */
    private static JsonObject deepDocument() {
        JsonObject deep = new JsonObject();
        JsonObject cursor = deep;
        for (int i = 0; i < 100_000; i++) {
            JsonObject next = new JsonObject();
            cursor.add(i % 2 == 0 ? "tags" : "x", next);
            cursor = next;
        }
        return deep;
    }

    /** Token soups that happen to parse become extra queries, covering shapes nobody thought to write. */
    private static void addRandomValidQueries(List<Query> queries, Random random) {
        String[] parts = {
            "x",
            "a.b",
            "tags.location.region",
            "1",
            "'US'",
            "null",
            "true",
            "[1, 'x']",
            "=",
            "<",
            ">=",
            "!=",
            "+",
            "*",
            "%",
            "-",
            "AND",
            "OR",
            "NOT",
            "IN",
            "NIN",
            "(",
            ")",
            "IS_DEFINED(",
            "undefined"
        };
        while (queries.size() < 200) {
            StringBuilder text = new StringBuilder("SELECT * FROM devices WHERE ");
            for (int n = 1 + random.nextInt(8); n > 0; n--) {
                text.append(parts[random.nextInt(parts.length)]).append(' ');
            }
            Query q = QueryFuzzTest.check(text.toString());
            if (q != null) {
                queries.add(q);
            }
        }
    }

    private static JsonObject randomObject(Random random, int depth) {
        JsonObject o = new JsonObject();
        for (int n = random.nextInt(5); n > 0; n--) {
            o.add(NAMES[random.nextInt(NAMES.length)], randomValue(random, depth + 1));
        }
        return o;
    }

    private static JsonElement randomValue(Random random, int depth) {
        int pick = random.nextInt(depth > 5 ? 9 : 11);
        return switch (pick) {
            case 0 -> JsonNull.INSTANCE;
            case 1 -> new JsonPrimitive(random.nextBoolean());
            case 2 -> new JsonPrimitive(random.nextInt(5));
            case 3 -> new JsonPrimitive(random.nextDouble() * 10 - 5);
            case 4 ->
                new JsonPrimitive(List.of(Double.NaN, Double.POSITIVE_INFINITY, -0.0, 1e308)
                        .get(random.nextInt(4)));
            case 5 -> new JsonPrimitive(new LazilyParsedNumber(random.nextBoolean() ? "not-a-number" : "1e99999"));
            case 6 -> new JsonPrimitive(List.of("US", "a", "", "z", "1").get(random.nextInt(5)));
            case 7 -> new JsonPrimitive(Long.MAX_VALUE);
            case 8 -> new JsonPrimitive('c');
            case 9 -> randomObject(random, depth);
            default -> {
                JsonArray array = new JsonArray();
                for (int n = random.nextInt(4); n > 0; n--) {
                    array.add(randomValue(random, depth + 1));
                }
                yield array;
            }
        };
    }
}
