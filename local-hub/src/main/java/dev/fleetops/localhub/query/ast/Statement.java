package dev.fleetops.localhub.query.ast;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A parsed query. An empty {@code projections} list means {@code SELECT *}.
 */
public record Statement(
        OptionalInt top, List<Projection> projections, Source source, Optional<Expr> where, List<Expr.Path> groupBy) {

    public Statement {
        projections = List.copyOf(projections);
        groupBy = List.copyOf(groupBy);
    }

    public boolean selectsAll() {
        return projections.isEmpty();
    }

    /** True when rows are groups, not documents: there is a GROUP BY or an aggregate in the select list. */
    public boolean isAggregate() {
        return !groupBy.isEmpty() || projections.stream().anyMatch(p -> p instanceof Projection.Aggregate);
    }
}
