package dev.fleetops.localhub.query.parse;

import dev.fleetops.localhub.query.errors.QuerySyntaxException;
import dev.fleetops.localhub.query.lexer.Token;
import dev.fleetops.localhub.query.lexer.TokenKind;
import java.util.List;

/** A cursor over the lexer's tokens with the expect/accept helpers both parsers share. */
final class TokenStream {
    private final List<Token> tokens;
    private int index;

    TokenStream(List<Token> tokens) {
        this.tokens = tokens;
    }

    Token peek() {
        return tokens.get(index);
    }

    /** The token {@code ahead} places after the current one; EOF repeats at the end. */
    Token peek(int ahead) {
        return tokens.get(Math.min(index + ahead, tokens.size() - 1));
    }

    boolean at(TokenKind kind) {
        return peek().kind() == kind;
    }

    Token advance() {
        Token token = peek();
        if (token.kind() != TokenKind.EOF) {
            index++;
        }
        return token;
    }

    /** Consumes the current token when it is {@code kind}. */
    boolean accept(TokenKind kind) {
        if (at(kind)) {
            advance();
            return true;
        }
        return false;
    }

    /** Consumes a {@code kind} token or fails with {@code "expected <what>, found <token>"}. */
    Token expect(TokenKind kind, String what) {
        if (!at(kind)) {
            throw unexpected(what);
        }
        return advance();
    }

    QuerySyntaxException unexpected(String expected) {
        return error("expected " + expected + ", found " + peek().describe());
    }

    QuerySyntaxException error(String reason) {
        return new QuerySyntaxException(reason, peek().position());
    }
}
