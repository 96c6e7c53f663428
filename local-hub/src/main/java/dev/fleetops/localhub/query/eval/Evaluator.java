package dev.fleetops.localhub.query.eval;

import dev.fleetops.localhub.query.ast.ComparisonOp;
import dev.fleetops.localhub.query.ast.Expr;
import dev.fleetops.localhub.query.ast.LogicalOp;

/**
 * Evaluates expressions against one document with IoT Hub's (Cosmos DB-derived) three-valued semantics:
 * {@code null} stands for undefined. A missing property is undefined; comparing values of different types,
 * or anything with undefined, is undefined; {@code NOT undefined} is undefined; {@code AND} is false if any
 * operand is false and {@code OR} true if any is true, otherwise undefined unless all operands are booleans.
 * A WHERE clause keeps a document only when it evaluates to {@code true}. Never throws on any document.
 *
 * @param <T> the JSON library's value type
 */
public final class Evaluator<T> {
    private final JsonView<T> json;
    private final PathResolver<T> paths;

    public Evaluator(JsonView<T> json, PathResolver<T> paths) {
        this.json = json;
        this.paths = paths;
    }

    /** True only when {@code condition} evaluates to boolean {@code true}. */
    public boolean matches(Expr condition, T document) {
        T result = evaluate(condition, document);
        return result != null && json.kind(result) == JsonKind.BOOLEAN && json.asBoolean(result);
    }

    /** The value of {@code e}, or {@code null} when it is undefined. */
    public T evaluate(Expr e, T doc) {
        if (e instanceof Expr.Path p) {
            PathResolver.Resolved<T> r = paths.resolve(p, doc);
            return r == null ? null : r.value();
        } else if (e instanceof Expr.StringLiteral s) {
            return json.string(s.value());
        } else if (e instanceof Expr.NumberLiteral n) {
            return json.number(n.value());
        } else if (e instanceof Expr.BooleanLiteral b) {
            return json.bool(b.value());
        } else if (e instanceof Expr.NullLiteral) {
            return json.nullValue();
        } else if (e instanceof Expr.Logical l) {
            return logical(l, doc);
        } else if (e instanceof Expr.Not n) {
            Boolean b = bool(evaluate(n.operand(), doc));
            return b == null ? null : json.bool(!b);
        } else if (e instanceof Expr.Comparison c) {
            return toJson(Comparisons.compare(json, c.op(), evaluate(c.left(), doc), evaluate(c.right(), doc)));
        } else if (e instanceof Expr.Membership m) {
            return membership(m, doc);
        } else if (e instanceof Expr.Arithmetic a) {
            return Arithmetic.apply(json, a, operand -> evaluate(operand, doc));
        } else if (e instanceof Expr.Negate n) {
            T v = evaluate(n.operand(), doc);
            return v != null && json.kind(v) == JsonKind.NUMBER ? Arithmetic.number(json, -json.asNumber(v)) : null;
        } else if (e instanceof Expr.IsDefined d) {
            return json.bool(evaluate(d.operand(), doc) != null);
        }
        // UndefinedLiteral; ArrayLiteral values only matter inside IN/NIN and compare as non-primitives.
        return null;
    }

    private T logical(Expr.Logical l, T doc) {
        boolean decisive = l.op() == LogicalOp.OR; // OR stops at true, AND at false
        boolean allBooleans = true;
        for (Expr operand : l.operands()) {
            Boolean b = bool(evaluate(operand, doc));
            if (b == null) {
                allBooleans = false;
            } else if (b == decisive) {
                return json.bool(decisive);
            }
        }
        return allBooleans ? json.bool(!decisive) : null;
    }

    private T membership(Expr.Membership m, T doc) {
        T value = evaluate(m.value(), doc);
        if (value == null || !json.kind(value).isPrimitive()) {
            return null;
        }
        boolean found = false;
        for (Expr candidate : m.candidates().elements()) {
            found |=
                    Boolean.TRUE.equals(Comparisons.compare(json, ComparisonOp.EQUAL, value, evaluate(candidate, doc)));
        }
        return json.bool(found != m.negated());
    }

    private Boolean bool(T v) {
        return v != null && json.kind(v) == JsonKind.BOOLEAN ? json.asBoolean(v) : null;
    }

    private T toJson(Boolean b) {
        return b == null ? null : json.bool(b);
    }
}
