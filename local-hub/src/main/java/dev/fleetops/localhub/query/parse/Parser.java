package dev.fleetops.localhub.query.parse;

import dev.fleetops.localhub.query.ast.AggregateFunction;
import dev.fleetops.localhub.query.ast.Expr;
import dev.fleetops.localhub.query.ast.Projection;
import dev.fleetops.localhub.query.ast.Source;
import dev.fleetops.localhub.query.ast.Statement;
import dev.fleetops.localhub.query.errors.QuerySyntaxException;
import dev.fleetops.localhub.query.lexer.Lexer;
import dev.fleetops.localhub.query.lexer.Token;
import dev.fleetops.localhub.query.lexer.TokenKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Recursive descent over the statement grammar, one method per rule; expressions are
 * {@link ExpressionParser}'s job and the rules that need the whole statement are {@link StatementChecker}'s.
 * <pre>
 * query      = SELECT [ TOP NUMBER ] selectList FROM source [ WHERE expression ]
 *              [ GROUP BY path { "," path } ] EOF
 * selectList = "*" | projection { "," projection }
 * projection = ( aggregate | path ) [ AS name ]
 * aggregate  = COUNT "(" ")" | ( SUM | AVG | MIN | MAX ) "(" expression ")"
 * source     = "devices" [ "." ( "jobs" | "modules" ) ]
 * </pre>
 */
public final class Parser {
    private final TokenStream in;
    private final ExpressionParser expressions;

    private Parser(List<Token> tokens) {
        this.in = new TokenStream(tokens);
        this.expressions = new ExpressionParser(in);
    }

    /** @throws QuerySyntaxException for any text that is not a query IoT Hub would run */
    public static Statement parse(String text) {
        Statement statement = new Parser(Lexer.tokenize(text)).query();
        StatementChecker.check(statement);
        return statement;
    }

    private Statement query() {
        in.expect(TokenKind.SELECT, "SELECT at the start of the query");
        OptionalInt top = top();
        List<Projection> projections = selectList();
        in.expect(TokenKind.FROM, "FROM after the select list");
        Source source = source();
        Optional<Expr> where = Optional.empty();
        if (in.accept(TokenKind.WHERE)) {
            where = Optional.of(expressions.expression());
        }
        List<Expr.Path> groupBy = new ArrayList<>();
        if (in.accept(TokenKind.GROUP)) {
            in.expect(TokenKind.BY, "BY after GROUP");
            do {
                groupBy.add(expressions.path());
            } while (in.accept(TokenKind.COMMA));
        }
        if (!in.at(TokenKind.EOF)) {
            throw in.unexpected(
                    where.isEmpty() && groupBy.isEmpty()
                            ? "WHERE, GROUP BY or end of query"
                            : groupBy.isEmpty() ? "an operator, GROUP BY or end of query" : "',' or end of query");
        }
        return new Statement(top, projections, source, where, groupBy);
    }

    private OptionalInt top() {
        if (!in.accept(TokenKind.TOP)) {
            return OptionalInt.empty();
        }
        Token n = in.expect(TokenKind.NUMBER, "a whole number after TOP");
        double value = n.numberValue();
        if (value != Math.rint(value) || value > Integer.MAX_VALUE) {
            throw new QuerySyntaxException("TOP needs a whole number between 0 and " + Integer.MAX_VALUE, n.position());
        }
        return OptionalInt.of((int) value);
    }

    private List<Projection> selectList() {
        if (in.accept(TokenKind.STAR)) {
            return List.of();
        }
        List<Projection> projections = new ArrayList<>();
        do {
            projections.add(projection());
        } while (in.accept(TokenKind.COMMA));
        return projections;
    }

    private Projection projection() {
        Token start = in.peek();
        if (start.kind() == TokenKind.IDENTIFIER && in.peek(1).kind() == TokenKind.LPAREN) {
            return aggregate();
        }
        if (start.kind() != TokenKind.IDENTIFIER && start.kind() != TokenKind.QUOTED_NAME) {
            throw in.unexpected("'*', a property path or an aggregate in the select list");
        }
        return new Projection.Property(expressions.path(), alias());
    }

    private Projection aggregate() {
        Token name = in.advance();
        AggregateFunction function = aggregateFunction(name);
        in.expect(TokenKind.LPAREN, "'('");
        Optional<Expr> argument = Optional.empty();
        if (function == AggregateFunction.COUNT) {
            in.expect(TokenKind.RPAREN, "')' after COUNT(; COUNT takes no argument");
        } else {
            if (in.at(TokenKind.RPAREN)) {
                throw in.error(function + " needs an argument");
            }
            argument = Optional.of(expressions.expression());
            in.expect(TokenKind.RPAREN, "')' after the argument of " + function);
        }
        return new Projection.Aggregate(function, argument, alias(), name.position());
    }

    private static AggregateFunction aggregateFunction(Token name) {
        String upper = name.text().toUpperCase(Locale.ROOT);
        for (AggregateFunction f : AggregateFunction.values()) {
            if (f.name().equals(upper)) {
                return f;
            }
        }
        throw new QuerySyntaxException(
                "unknown function '" + name.text() + "' in the select list; expected COUNT, SUM, AVG, MIN or MAX",
                name.position());
    }

    private Optional<String> alias() {
        if (!in.accept(TokenKind.AS)) {
            return Optional.empty();
        }
        if (!in.at(TokenKind.IDENTIFIER) && !in.at(TokenKind.QUOTED_NAME)) {
            throw in.unexpected("a name after AS");
        }
        return Optional.of(in.advance().text());
    }

    private Source source() {
        Token collection = in.expect(TokenKind.IDENTIFIER, "devices, devices.modules or devices.jobs after FROM");
        if (!collection.text().equalsIgnoreCase("devices")) {
            throw new QuerySyntaxException(
                    "unknown collection '" + collection.text() + "'; expected devices, devices.modules or devices.jobs",
                    collection.position());
        }
        if (!in.accept(TokenKind.DOT)) {
            return Source.DEVICES;
        }
        Token sub = in.expect(TokenKind.IDENTIFIER, "jobs or modules after 'devices.'");
        return switch (sub.text().toLowerCase(Locale.ROOT)) {
            case "jobs" -> Source.DEVICES_JOBS;
            case "modules" -> Source.DEVICES_MODULES;
            default ->
                throw new QuerySyntaxException(
                        "unknown collection 'devices." + sub.text()
                                + "'; expected devices, devices.modules or devices.jobs",
                        sub.position());
        };
    }
}
