package dev.fleetops.localhub.query.eval;

import dev.fleetops.localhub.query.ast.AggregateFunction;
import dev.fleetops.localhub.query.ast.Projection;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * COUNT, SUM, AVG, MIN and MAX over one group. COUNT counts documents. SUM and AVG use the numeric values
 * and skip the rest (an empty SUM is 0, an empty AVG undefined). MIN and MAX order primitives as Cosmos DB
 * does across types, null &lt; false &lt; true &lt; numbers &lt; strings, and skip objects, arrays and
 * undefined; with nothing to order they are undefined.
 */
final class Aggregates {
    private Aggregates() {}

    static <T> T compute(JsonView<T> json, Projection.Aggregate a, List<T> docs, Function<T, Optional<T>> argument) {
        if (a.function() == AggregateFunction.COUNT) {
            return json.number(docs.size());
        }
        double sum = 0;
        int numbers = 0;
        T best = null;
        for (T doc : docs) {
            T v = argument.apply(doc).orElse(null);
            if (v == null || !json.kind(v).isPrimitive()) {
                continue;
            }
            if (json.kind(v) == JsonKind.NUMBER) {
                double d = json.asNumber(v);
                if (Double.isNaN(d)) {
                    continue; // unreadable number text: neither summable nor orderable
                }
                sum += d;
                numbers++;
            }
            if (best == null || better(a.function(), order(json, v, best))) {
                best = v;
            }
        }
        return switch (a.function()) {
            case SUM -> Arithmetic.number(json, sum);
            case AVG -> numbers == 0 ? null : Arithmetic.number(json, sum / numbers);
            case MIN, MAX -> best;
            case COUNT -> json.number(docs.size());
        };
    }

    /** First occurrence wins ties, so MIN/MAX return a value from the earliest document that has it. */
    private static boolean better(AggregateFunction f, int comparison) {
        return f == AggregateFunction.MIN ? comparison < 0 : comparison > 0;
    }

    private static <T> int order(JsonView<T> json, T a, T b) {
        int byRank = Integer.compare(rank(json, a), rank(json, b));
        if (byRank != 0) {
            return byRank;
        }
        return switch (json.kind(a)) {
            case BOOLEAN -> Boolean.compare(json.asBoolean(a), json.asBoolean(b));
            case NUMBER -> Double.compare(json.asNumber(a), json.asNumber(b));
            case STRING -> json.asString(a).compareTo(json.asString(b));
            default -> 0;
        };
    }

    private static <T> int rank(JsonView<T> json, T v) {
        return switch (json.kind(v)) {
            case NULL -> 0;
            case BOOLEAN -> 1;
            case NUMBER -> 2;
            default -> 3;
        };
    }
}
