package dev.fleetops.localhub.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.fleetops.localhub.query.errors.QuerySyntaxException;
import dev.fleetops.localhub.query.lexer.Lexer;
import dev.fleetops.localhub.query.lexer.Token;
import dev.fleetops.localhub.query.lexer.TokenKind;
import java.util.List;
import org.junit.jupiter.api.Test;

class LexerTest {

    private static List<TokenKind> kinds(String text) {
        return Lexer.tokenize(text).stream().map(Token::kind).toList();
    }

    @Test
    void keywordsMatchInAnyCaseAndKeepTheirSpelling() {
        List<Token> tokens = Lexer.tokenize("select Top FROM");
        assertEquals(
                List.of(TokenKind.SELECT, TokenKind.TOP, TokenKind.FROM, TokenKind.EOF),
                tokens.stream().map(Token::kind).toList());
        assertEquals("Top", tokens.get(1).text());
    }

    @Test
    void everyTokenRecordsItsStartOffset() {
        List<Token> tokens = Lexer.tokenize("  a.b >= 'x'");
        assertEquals(
                List.of(2, 3, 4, 6, 9, 12), tokens.stream().map(Token::position).toList());
    }

    @Test
    void twoCharacterOperatorsAreOneToken() {
        assertEquals(
                List.of(
                        TokenKind.NE,
                        TokenKind.NE,
                        TokenKind.LE,
                        TokenKind.GE,
                        TokenKind.LT,
                        TokenKind.GT,
                        TokenKind.EQ,
                        TokenKind.EOF),
                kinds("!= <> <= >= < > ="));
    }

    @Test
    void namesMayStartWithDollarOrUnderscore() {
        List<Token> tokens = Lexer.tokenize("$version _x a1");
        assertEquals(
                List.of("$version", "_x", "a1", ""),
                tokens.stream().map(Token::text).toList());
    }

    @Test
    void doubleBracketsQuoteAName() {
        Token t = Lexer.tokenize("[[group name]]").get(0);
        assertEquals(TokenKind.QUOTED_NAME, t.kind());
        assertEquals("group name", t.text());
    }

    @Test
    void singleBracketIsAnArray() {
        assertEquals(List.of(TokenKind.LBRACKET, TokenKind.NUMBER, TokenKind.RBRACKET, TokenKind.EOF), kinds("[1]"));
    }

    @Test
    void stringsDecodeEscapesInEitherQuote() {
        assertEquals(
                "it's \"q\" \\ é\n",
                Lexer.tokenize("'it\\'s \"q\" \\\\ \\u00e9\\n'").get(0).text());
        assertEquals("a'b", Lexer.tokenize("\"a'b\"").get(0).text());
    }

    @Test
    void numbersCoverIntegersDecimalsExponentsAndHex() {
        List<Token> tokens = Lexer.tokenize("42 4.5 1e3 2.5E-1 0x1F");
        assertEquals(
                List.of(42.0, 4.5, 1000.0, 0.25, 31.0),
                tokens.subList(0, 5).stream().map(Token::numberValue).toList());
    }

    @Test
    void numberFollowedByDotAndNameStaysSeparate() {
        assertEquals(List.of(TokenKind.NUMBER, TokenKind.DOT, TokenKind.IDENTIFIER, TokenKind.EOF), kinds("1.x"));
    }

    @Test
    void minusIsAnOperatorNotPartOfTheNumber() {
        assertEquals(List.of(TokenKind.MINUS, TokenKind.NUMBER, TokenKind.EOF), kinds("-5"));
    }

    @Test
    void hugeNumberIsRejectedInsteadOfBecomingInfinity() {
        QuerySyntaxException e = assertThrows(QuerySyntaxException.class, () -> Lexer.tokenize("x 1e999"));
        assertEquals(2, e.position());
    }

    @Test
    void unknownCharacterIsReportedWhereItIs() {
        QuerySyntaxException e = assertThrows(QuerySyntaxException.class, () -> Lexer.tokenize("a ; b"));
        assertEquals("unexpected character ';'", e.reason());
        assertEquals(2, e.position());
        assertEquals("unexpected character ';' at position 2", e.toString());
    }

    @Test
    void controlCharactersAreNamedByCodePoint() {
        QuerySyntaxException e = assertThrows(QuerySyntaxException.class, () -> Lexer.tokenize("a \u0000"));
        assertEquals("unexpected character U+0000", e.reason());
    }

    @Test
    void unterminatedStringPointsAtItsOpeningQuote() {
        QuerySyntaxException e = assertThrows(QuerySyntaxException.class, () -> Lexer.tokenize("a = 'abc"));
        assertEquals(4, e.position());
    }

    @Test
    void backslashAtTheEndLeavesTheStringUnterminated() {
        QuerySyntaxException e = assertThrows(QuerySyntaxException.class, () -> Lexer.tokenize("'abc\\"));
        assertEquals("unterminated string literal", e.reason());
    }
}
