package dev.fleetops.localhub.query.eval;

import dev.fleetops.localhub.query.ast.Expr;
import dev.fleetops.localhub.query.ast.Projection;
import dev.fleetops.localhub.query.ast.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * GROUP BY and aggregates. Groups come out in order of first appearance. A document whose group path is
 * undefined joins the "undefined" group, whose row leaves that key out, as IoT Hub does
 * ({@code [{"numberOfDevices":3,"status":"Success"},{"numberOfDevices":1}]}). Without GROUP BY all matching
 * documents form one group, so {@code SELECT COUNT() ...} always returns exactly one row.
 *
 * @param <T> the JSON library's value type
 */
final class Grouper<T> {
    /** Stands in for an undefined group value inside a group key. */
    private static final Object UNDEFINED = new Object();

    private final Statement statement;
    private final JsonView<T> json;
    private final PathResolver<T> paths;
    private final Evaluator<T> evaluator;

    Grouper(Statement statement, JsonView<T> json, PathResolver<T> paths, Evaluator<T> evaluator) {
        this.statement = statement;
        this.json = json;
        this.paths = paths;
        this.evaluator = evaluator;
    }

    List<T> rows(List<T> documents) {
        Map<List<Object>, List<T>> groups = new LinkedHashMap<>();
        if (statement.groupBy().isEmpty()) {
            groups.put(List.of(), documents);
        } else {
            for (T doc : documents) {
                groups.computeIfAbsent(key(doc), k -> new ArrayList<>()).add(doc);
            }
        }
        List<T> rows = new ArrayList<>();
        groups.values().forEach(members -> rows.add(row(members)));
        return rows;
    }

    private List<Object> key(T doc) {
        List<Object> key = new ArrayList<>();
        for (Expr.Path path : statement.groupBy()) {
            PathResolver.Resolved<T> r = paths.resolve(path, doc);
            key.add(r == null ? UNDEFINED : json.groupKey(r.value()));
        }
        return key;
    }

    /** Grouped properties come from the group's first document; all members share their values. */
    private T row(List<T> members) {
        T row = json.newObject();
        int unnamed = 0;
        for (Projection p : statement.projections()) {
            if (p instanceof Projection.Aggregate a) {
                // Cosmos DB, which IoT Hub's query engine derives from, names unaliased expressions $1, $2, ...
                String name = a.alias().orElse("$" + (++unnamed));
                T value =
                        Aggregates.compute(json, a, members, doc -> a.argument().map(e -> evaluator.evaluate(e, doc)));
                if (value != null) {
                    json.put(row, name, value);
                }
            } else if (!members.isEmpty()) {
                Projection.Property property = (Projection.Property) p;
                PathResolver.Resolved<T> r = paths.resolve(property.path(), members.get(0));
                if (r != null) {
                    json.put(row, property.alias().orElse(r.key()), r.value());
                }
            }
        }
        return row;
    }
}
