package dev.fleetops.localhub.query.ast;

import java.util.Optional;

/** One element of the select list. {@code position} is where it starts in the query text. */
public sealed interface Projection {

    Optional<String> alias();

    int position();

    /** {@code tags.location.region [AS region]}. */
    record Property(Expr.Path path, Optional<String> alias) implements Projection {
        @Override
        public int position() {
            return path.position();
        }
    }

    /** {@code COUNT() [AS n]}, {@code SUM(expr) [AS total]}; {@code argument} is empty only for COUNT. */
    record Aggregate(AggregateFunction function, Optional<Expr> argument, Optional<String> alias, int position)
            implements Projection {}
}
