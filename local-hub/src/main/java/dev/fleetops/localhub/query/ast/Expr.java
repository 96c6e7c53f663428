package dev.fleetops.localhub.query.ast;

import java.util.List;

/**
 * An expression in WHERE or inside an aggregate. Chains of the same precedence ({@code a OR b OR c},
 * {@code a + b - c}) are one n-ary node, so the tree's depth is bounded by the parser's nesting limit and
 * evaluating or printing it never recurses deeply, however long the query.
 */
public sealed interface Expr {

    record StringLiteral(String value) implements Expr {}

    record NumberLiteral(double value) implements Expr {}

    record BooleanLiteral(boolean value) implements Expr {}

    record NullLiteral() implements Expr {}

    /** {@code undefined}: the value of a missing property. */
    record UndefinedLiteral() implements Expr {}

    /** {@code ['a', 1]}: only constants, as IoT Hub's grammar allows. */
    record ArrayLiteral(List<Expr> elements) implements Expr {
        public ArrayLiteral {
            elements = List.copyOf(elements);
        }
    }

    /** {@code tags.location.region}; {@code position} is where the path starts in the query text. */
    record Path(List<String> segments, int position) implements Expr {
        public Path {
            segments = List.copyOf(segments);
        }

        public String lastSegment() {
            return segments.get(segments.size() - 1);
        }

        /** Dotted form for error messages, e.g. {@code tags.location}. */
        public String dotted() {
            return String.join(".", segments);
        }
    }

    record Not(Expr operand) implements Expr {}

    /** Unary minus. */
    record Negate(Expr operand) implements Expr {}

    /** {@code operands} joined by one operator; at least two operands. */
    record Logical(LogicalOp op, List<Expr> operands) implements Expr {
        public Logical {
            operands = List.copyOf(operands);
        }
    }

    /** {@code first} followed by operator/operand steps, applied left to right. */
    record Arithmetic(Expr first, List<Step> rest) implements Expr {
        public Arithmetic {
            rest = List.copyOf(rest);
        }
    }

    record Step(ArithmeticOp op, Expr operand) {}

    record Comparison(ComparisonOp op, Expr left, Expr right) implements Expr {}

    /** {@code value IN [...]}, or NIN when {@code negated}. */
    record Membership(boolean negated, Expr value, ArrayLiteral candidates) implements Expr {}

    /** {@code IS_DEFINED(x)}: the only function IoT Hub offers in twin and job queries. */
    record IsDefined(Expr operand) implements Expr {}
}
