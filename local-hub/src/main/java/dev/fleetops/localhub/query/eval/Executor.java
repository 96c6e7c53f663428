package dev.fleetops.localhub.query.eval;

import dev.fleetops.localhub.query.ast.Projection;
import dev.fleetops.localhub.query.ast.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a checked statement over documents: WHERE, then either TOP over documents and projection, or
 * grouping and aggregation then TOP over groups. Stateless apart from its configuration; thread-safe.
 *
 * @param <T> the JSON library's value type
 */
public final class Executor<T> {
    private final Statement statement;
    private final JsonView<T> json;
    private final PathResolver<T> paths;
    private final Evaluator<T> evaluator;

    public Executor(Statement statement, JsonView<T> json) {
        this.statement = statement;
        this.json = json;
        this.paths = new PathResolver<>(json, statement.source());
        this.evaluator = new Evaluator<>(json, paths);
    }

    /** Result rows: the documents themselves for {@code SELECT *}, new objects otherwise. Skips null documents. */
    public List<T> run(List<T> documents) {
        int limit = statement.top().orElse(Integer.MAX_VALUE);
        boolean aggregate = statement.isAggregate();
        List<T> rows = new ArrayList<>();
        for (T doc : documents) {
            if (!aggregate && rows.size() >= limit) {
                break;
            }
            if (doc != null
                    && statement.where().map(w -> evaluator.matches(w, doc)).orElse(true)) {
                rows.add(aggregate || statement.selectsAll() ? doc : project(doc));
            }
        }
        if (!aggregate) {
            return rows;
        }
        List<T> groups = new Grouper<>(statement, json, paths, evaluator).rows(rows);
        return groups.size() > limit ? groups.subList(0, limit) : groups;
    }

    /** Keys are the alias or the document's spelling of the last segment; undefined values are left out. */
    private T project(T doc) {
        T row = json.newObject();
        for (Projection p : statement.projections()) {
            Projection.Property property = (Projection.Property) p;
            PathResolver.Resolved<T> r = paths.resolve(property.path(), doc);
            if (r != null) {
                json.put(row, property.alias().orElse(r.key()), r.value());
            }
        }
        return row;
    }
}
