package dev.fleetops.localhub.query.parse;

import dev.fleetops.localhub.query.ast.Expr;
import dev.fleetops.localhub.query.ast.Projection;
import dev.fleetops.localhub.query.ast.Source;
import dev.fleetops.localhub.query.ast.Statement;
import dev.fleetops.localhub.query.errors.QuerySyntaxException;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The rules that need the whole statement, checked after parsing so the grammar stays context-free:
 * <ul>
 *   <li>{@code devices.jobs}: only {@code SELECT *}, no GROUP BY, and WHERE may use only
 *       {@code devices.jobs.*} paths (the documented restrictions);</li>
 *   <li>GROUP BY only on {@code devices} and never with {@code *};</li>
 *   <li>with aggregates or GROUP BY, every plain projection must be a grouped path;</li>
 *   <li>no two projections produce the same output key (a row could not hold both).</li>
 * </ul>
 */
final class StatementChecker {
    private StatementChecker() {}

    static void check(Statement s) {
        if (s.source() == Source.DEVICES_JOBS) {
            checkJobs(s);
        }
        if (!s.groupBy().isEmpty() && s.source() != Source.DEVICES) {
            throw new QuerySyntaxException(
                    "GROUP BY is supported only FROM devices",
                    s.groupBy().get(0).position());
        }
        if (s.isAggregate()) {
            checkGrouping(s);
        }
        checkOutputNames(s.projections());
    }

    private static void checkJobs(Statement s) {
        if (!s.selectsAll()) {
            throw new QuerySyntaxException(
                    "devices.jobs queries support only SELECT *",
                    s.projections().get(0).position());
        }
        if (!s.groupBy().isEmpty()) {
            throw new QuerySyntaxException(
                    "devices.jobs queries do not support GROUP BY",
                    s.groupBy().get(0).position());
        }
        s.where().ifPresent(StatementChecker::checkJobPaths);
    }

    /** Walks the WHERE tree; depth is bounded by the parser's nesting limit, so recursion is safe. */
    private static void checkJobPaths(Expr e) {
        if (e instanceof Expr.Path p) {
            List<String> seg = p.segments();
            if (seg.size() < 3
                    || !seg.get(0).equalsIgnoreCase("devices")
                    || !seg.get(1).equalsIgnoreCase("jobs")) {
                throw new QuerySyntaxException(
                        "devices.jobs queries can filter only on devices.jobs.<property>, not '" + p.dotted() + "'",
                        p.position());
            }
        } else if (e instanceof Expr.Not n) {
            checkJobPaths(n.operand());
        } else if (e instanceof Expr.Negate n) {
            checkJobPaths(n.operand());
        } else if (e instanceof Expr.IsDefined d) {
            checkJobPaths(d.operand());
        } else if (e instanceof Expr.Logical l) {
            l.operands().forEach(StatementChecker::checkJobPaths);
        } else if (e instanceof Expr.Arithmetic a) {
            checkJobPaths(a.first());
            a.rest().forEach(step -> checkJobPaths(step.operand()));
        } else if (e instanceof Expr.Comparison c) {
            checkJobPaths(c.left());
            checkJobPaths(c.right());
        } else if (e instanceof Expr.Membership m) {
            checkJobPaths(m.value());
        }
    }

    private static void checkGrouping(Statement s) {
        if (s.selectsAll()) {
            int at = s.groupBy().isEmpty() ? 0 : s.groupBy().get(0).position();
            throw new QuerySyntaxException("SELECT * cannot be combined with GROUP BY", at);
        }
        for (Projection p : s.projections()) {
            if (p instanceof Projection.Property property
                    && s.groupBy().stream().noneMatch(g -> samePath(g, property.path()))) {
                throw new QuerySyntaxException(
                        "'" + property.path().dotted() + "' must appear in GROUP BY to be selected"
                                + " together with aggregates or GROUP BY",
                        p.position());
            }
        }
    }

    /** Paths match case-insensitively, as property lookup falls back to case-insensitive names. */
    static boolean samePath(Expr.Path a, Expr.Path b) {
        List<String> x = a.segments();
        List<String> y = b.segments();
        if (x.size() != y.size()) {
            return false;
        }
        for (int i = 0; i < x.size(); i++) {
            if (!x.get(i).equalsIgnoreCase(y.get(i))) {
                return false;
            }
        }
        return true;
    }

    private static void checkOutputNames(List<Projection> projections) {
        Set<String> seen = new HashSet<>();
        for (Projection p : projections) {
            String name = p.alias()
                    .orElse(p instanceof Projection.Property prop ? prop.path().lastSegment() : null);
            if (name != null && !seen.add(name.toLowerCase(Locale.ROOT))) {
                throw new QuerySyntaxException(
                        "duplicate output name '" + name + "' in the select list; use AS to rename", p.position());
            }
        }
    }
}
