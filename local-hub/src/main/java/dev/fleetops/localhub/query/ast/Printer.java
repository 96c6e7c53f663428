package dev.fleetops.localhub.query.ast;

import dev.fleetops.localhub.query.lexer.TokenKind;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Prints a statement in canonical form: upper-case keywords, single spaces, every operator node in
 * parentheses. Parsing the output gives the same tree, which is what the round-trip and precedence tests use.
 */
public final class Printer {
    private Printer() {}

    public static String print(Statement s) {
        StringBuilder out = new StringBuilder("SELECT ");
        s.top().ifPresent(n -> out.append("TOP ").append(n).append(' '));
        out.append(
                s.selectsAll()
                        ? "*"
                        : s.projections().stream().map(Printer::projection).collect(Collectors.joining(", ")));
        out.append(" FROM ").append(s.source().text());
        s.where().ifPresent(w -> out.append(" WHERE ").append(print(w)));
        if (!s.groupBy().isEmpty()) {
            out.append(" GROUP BY ")
                    .append(s.groupBy().stream().map(Printer::print).collect(Collectors.joining(", ")));
        }
        return out.toString();
    }

    private static String projection(Projection p) {
        String body;
        if (p instanceof Projection.Aggregate a) {
            body = a.function() + "(" + a.argument().map(Printer::print).orElse("") + ")";
        } else {
            body = print(((Projection.Property) p).path());
        }
        return p.alias().map(alias -> body + " AS " + name(alias)).orElse(body);
    }

    public static String print(Expr e) {
        if (e instanceof Expr.StringLiteral s) {
            return quote(s.value());
        } else if (e instanceof Expr.NumberLiteral n) {
            return number(n.value());
        } else if (e instanceof Expr.BooleanLiteral b) {
            return String.valueOf(b.value());
        } else if (e instanceof Expr.NullLiteral) {
            return "null";
        } else if (e instanceof Expr.UndefinedLiteral) {
            return "undefined";
        } else if (e instanceof Expr.ArrayLiteral a) {
            return "[" + joined(a.elements(), ", ") + "]";
        } else if (e instanceof Expr.Path p) {
            return p.segments().stream().map(Printer::name).collect(Collectors.joining("."));
        } else if (e instanceof Expr.Not n) {
            return "(NOT " + print(n.operand()) + ")";
        } else if (e instanceof Expr.Negate n) {
            return "(-" + print(n.operand()) + ")";
        } else if (e instanceof Expr.Logical l) {
            return "(" + joined(l.operands(), " " + l.op() + " ") + ")";
        } else if (e instanceof Expr.Arithmetic a) {
            StringBuilder out = new StringBuilder("(").append(print(a.first()));
            a.rest()
                    .forEach(step -> out.append(' ')
                            .append(step.op().symbol())
                            .append(' ')
                            .append(print(step.operand())));
            return out.append(')').toString();
        } else if (e instanceof Expr.Comparison c) {
            return "(" + print(c.left()) + " " + c.op().symbol() + " " + print(c.right()) + ")";
        } else if (e instanceof Expr.Membership m) {
            return "(" + print(m.value()) + (m.negated() ? " NIN " : " IN ") + print(m.candidates()) + ")";
        } else if (e instanceof Expr.IsDefined d) {
            return "IS_DEFINED(" + print(d.operand()) + ")";
        }
        throw new IllegalStateException("unknown expression " + e);
    }

    private static String joined(List<Expr> items, String separator) {
        return items.stream().map(Printer::print).collect(Collectors.joining(separator));
    }

    /** Integral values without a fraction so {@code 60} prints as {@code 60}, not {@code 60.0}. */
    private static String number(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return String.valueOf((long) value);
        }
        return String.valueOf(value);
    }

    private static String quote(String value) {
        StringBuilder out = new StringBuilder("'");
        for (char c : value.toCharArray()) {
            if (c == '\'' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || c >= 0x7f) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('\'').toString();
    }

    /** A plain name when the lexer would read it back as one identifier, otherwise {@code [[name]]}. */
    private static String name(String name) {
        boolean plain = !name.isEmpty()
                && name.matches("[A-Za-z_$][A-Za-z0-9_$]*")
                && TokenKind.wordKind(name) == TokenKind.IDENTIFIER;
        return plain ? name : "[[" + name + "]]";
    }
}
