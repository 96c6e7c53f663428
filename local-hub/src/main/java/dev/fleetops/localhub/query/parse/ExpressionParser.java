package dev.fleetops.localhub.query.parse;

import dev.fleetops.localhub.query.ast.ArithmeticOp;
import dev.fleetops.localhub.query.ast.ComparisonOp;
import dev.fleetops.localhub.query.ast.Expr;
import dev.fleetops.localhub.query.ast.LogicalOp;
import dev.fleetops.localhub.query.errors.QuerySyntaxException;
import dev.fleetops.localhub.query.lexer.Token;
import dev.fleetops.localhub.query.lexer.TokenKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Recursive descent over the expression grammar, one method per rule:
 * <pre>
 * expression     = or
 * or             = and { OR and }
 * and            = not { AND not }
 * not            = NOT not | comparison
 * comparison     = additive [ compareOp additive | (IN | NIN) array ]
 * additive       = multiplicative { ("+" | "-") multiplicative }
 * multiplicative = unary { ("*" | "/" | "%") unary }
 * unary          = "-" unary | "+" unary | primary
 * primary        = constant | array | function | path | "(" expression ")"
 * function       = IS_DEFINED "(" expression ")"
 * array          = "[" [ constant { "," constant } ] "]"
 * constant       = STRING | ["-"] NUMBER | TRUE | FALSE | NULL | UNDEFINED
 * path           = name { "." (name | keyword) }       name = IDENTIFIER | [[QUOTED_NAME]]
 * compareOp      = "=" | "!=" | "&lt;&gt;" | "&lt;" | "&lt;=" | "&gt;" | "&gt;="
 * </pre>
 * Parentheses, NOT, unary signs and function calls count towards a nesting limit, so hostile input
 * ends in a clean error instead of a StackOverflowError.
 */
final class ExpressionParser {
    static final int MAX_NESTING = 64;
    private static final Set<String> AGGREGATES = Set.of("COUNT", "SUM", "AVG", "MIN", "MAX");

    private final TokenStream in;
    private int nesting;

    ExpressionParser(TokenStream in) {
        this.in = in;
    }

    Expr expression() {
        return or();
    }

    private Expr or() {
        List<Expr> operands = new ArrayList<>(List.of(and()));
        while (in.accept(TokenKind.OR)) {
            operands.add(and());
        }
        return operands.size() == 1 ? operands.get(0) : new Expr.Logical(LogicalOp.OR, operands);
    }

    private Expr and() {
        List<Expr> operands = new ArrayList<>(List.of(not()));
        while (in.accept(TokenKind.AND)) {
            operands.add(not());
        }
        return operands.size() == 1 ? operands.get(0) : new Expr.Logical(LogicalOp.AND, operands);
    }

    private Expr not() {
        if (in.at(TokenKind.NOT)) {
            enter();
            in.advance();
            Expr operand = not();
            nesting--;
            return new Expr.Not(operand);
        }
        return comparison();
    }

    private Expr comparison() {
        Expr left = additive();
        ComparisonOp op = comparisonOp(in.peek().kind());
        if (op != null) {
            in.advance();
            return new Expr.Comparison(op, left, additive());
        }
        if (in.at(TokenKind.IN) || in.at(TokenKind.NIN)) {
            boolean negated = in.advance().kind() == TokenKind.NIN;
            if (!in.at(TokenKind.LBRACKET)) {
                throw in.unexpected("an array such as ['a', 'b'] after " + (negated ? "NIN" : "IN"));
            }
            return new Expr.Membership(negated, left, array());
        }
        return left;
    }

    private Expr additive() {
        Expr first = multiplicative();
        List<Expr.Step> rest = new ArrayList<>();
        while (in.at(TokenKind.PLUS) || in.at(TokenKind.MINUS)) {
            ArithmeticOp op = in.advance().kind() == TokenKind.PLUS ? ArithmeticOp.ADD : ArithmeticOp.SUBTRACT;
            rest.add(new Expr.Step(op, multiplicative()));
        }
        return rest.isEmpty() ? first : new Expr.Arithmetic(first, rest);
    }

    private Expr multiplicative() {
        Expr first = unary();
        List<Expr.Step> rest = new ArrayList<>();
        while (in.at(TokenKind.STAR) || in.at(TokenKind.SLASH) || in.at(TokenKind.PERCENT)) {
            ArithmeticOp op = switch (in.advance().kind()) {
                case STAR -> ArithmeticOp.MULTIPLY;
                case SLASH -> ArithmeticOp.DIVIDE;
                default -> ArithmeticOp.MODULO;
            };
            rest.add(new Expr.Step(op, unary()));
        }
        return rest.isEmpty() ? first : new Expr.Arithmetic(first, rest);
    }

    private Expr unary() {
        if (in.at(TokenKind.MINUS) || in.at(TokenKind.PLUS)) {
            enter();
            boolean minus = in.advance().kind() == TokenKind.MINUS;
            Expr operand = unary();
            nesting--;
            // Unary plus is accepted for symmetry with minus but leaves the value alone, as in SQL.
            return minus ? new Expr.Negate(operand) : operand;
        }
        return primary();
    }

    private Expr primary() {
        Token t = in.peek();
        switch (t.kind()) {
            case STRING, NUMBER, TRUE, FALSE, NULL, UNDEFINED -> {
                return constant();
            }
            case LBRACKET -> {
                return array();
            }
            case LPAREN -> {
                enter();
                in.advance();
                Expr inner = expression();
                in.expect(TokenKind.RPAREN, "')' to close the '(' at position " + t.position());
                nesting--;
                return inner;
            }
            case IDENTIFIER -> {
                return in.peek(1).kind() == TokenKind.LPAREN ? function() : path();
            }
            case QUOTED_NAME -> {
                return path();
            }
            default -> throw in.unexpected("an expression");
        }
    }

    private Expr function() {
        Token name = in.advance();
        String upper = name.text().toUpperCase(Locale.ROOT);
        if (AGGREGATES.contains(upper)) {
            throw new QuerySyntaxException(
                    "aggregate " + upper + " is allowed only in the select list", name.position());
        }
        if (!upper.equals("IS_DEFINED")) {
            throw new QuerySyntaxException(
                    "unknown function '" + name.text() + "'; twin and job queries support only IS_DEFINED",
                    name.position());
        }
        enter();
        in.expect(TokenKind.LPAREN, "'('");
        Expr operand = expression();
        in.expect(TokenKind.RPAREN, "')' after the argument of IS_DEFINED");
        nesting--;
        return new Expr.IsDefined(operand);
    }

    Expr.ArrayLiteral array() {
        in.expect(TokenKind.LBRACKET, "'['");
        List<Expr> elements = new ArrayList<>();
        if (!in.accept(TokenKind.RBRACKET)) {
            do {
                elements.add(constant());
            } while (in.accept(TokenKind.COMMA));
            in.expect(TokenKind.RBRACKET, "',' or ']' in the array");
        }
        return new Expr.ArrayLiteral(elements);
    }

    private Expr constant() {
        boolean negative = in.at(TokenKind.MINUS) && in.peek(1).kind() == TokenKind.NUMBER;
        if (negative) {
            in.advance();
        }
        Token t = in.peek();
        Expr constant = switch (t.kind()) {
            case STRING -> new Expr.StringLiteral(t.text());
            case NUMBER -> new Expr.NumberLiteral(negative ? -t.numberValue() : t.numberValue());
            case TRUE -> new Expr.BooleanLiteral(true);
            case FALSE -> new Expr.BooleanLiteral(false);
            case NULL -> new Expr.NullLiteral();
            case UNDEFINED -> new Expr.UndefinedLiteral();
            default -> throw in.unexpected("a constant (string, number, true, false, null)");
        };
        in.advance();
        return constant;
    }

    /** A dotted path. After a dot any keyword is a plain name: {@code tags.group} cannot be misread. */
    Expr.Path path() {
        Token first = in.peek();
        if (first.kind() != TokenKind.IDENTIFIER && first.kind() != TokenKind.QUOTED_NAME) {
            throw in.unexpected("a property name");
        }
        List<String> segments = new ArrayList<>(List.of(in.advance().text()));
        while (in.accept(TokenKind.DOT)) {
            Token next = in.peek();
            if (next.kind() != TokenKind.IDENTIFIER
                    && next.kind() != TokenKind.QUOTED_NAME
                    && !next.kind().isKeyword()) {
                throw in.unexpected("a property name after '.'");
            }
            segments.add(in.advance().text());
        }
        return new Expr.Path(segments, first.position());
    }

    private void enter() {
        if (++nesting > MAX_NESTING) {
            throw in.error("expression nested deeper than " + MAX_NESTING + " levels");
        }
    }

    private static ComparisonOp comparisonOp(TokenKind kind) {
        return switch (kind) {
            case EQ -> ComparisonOp.EQUAL;
            case NE -> ComparisonOp.NOT_EQUAL;
            case LT -> ComparisonOp.LESS;
            case LE -> ComparisonOp.LESS_OR_EQUAL;
            case GT -> ComparisonOp.GREATER;
            case GE -> ComparisonOp.GREATER_OR_EQUAL;
            default -> null;
        };
    }
}
