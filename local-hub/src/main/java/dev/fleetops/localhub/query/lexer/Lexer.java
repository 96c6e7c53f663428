package dev.fleetops.localhub.query.lexer;

import dev.fleetops.localhub.query.errors.QuerySyntaxException;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns query text into tokens, ending with one {@link TokenKind#EOF}.
 *
 * <p>Names are {@code [A-Za-z_$][A-Za-z0-9_$]*}, or anything between {@code [[} and {@code ]]} (how IoT Hub
 * escapes reserved words such as {@code group}). Strings use single or double quotes with the escapes
 * {@code \' \" \\ \/ \b \f \n \r \t \}{@code uXXXX}. Numbers are decimal with optional fraction and
 * exponent, or hexadecimal {@code 0x1F}; a leading minus is the unary operator, not part of the literal.
 */
public final class Lexer {
    private final String text;
    private final List<Token> tokens = new ArrayList<>();
    private int pos;

    private Lexer(String text) {
        this.text = text;
    }

    /** @throws QuerySyntaxException at the first character that cannot start or continue a token */
    public static List<Token> tokenize(String text) {
        return new Lexer(text).run();
    }

    private List<Token> run() {
        while (true) {
            while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
                pos++;
            }
            if (pos >= text.length()) {
                tokens.add(new Token(TokenKind.EOF, "", text.length()));
                return tokens;
            }
            tokens.add(next());
        }
    }

    private Token next() {
        char c = text.charAt(pos);
        int start = pos;
        if (isNameStart(c)) {
            while (pos < text.length() && isNamePart(text.charAt(pos))) {
                pos++;
            }
            String word = text.substring(start, pos);
            return new Token(TokenKind.wordKind(word), word, start);
        }
        if (c >= '0' && c <= '9') {
            return NumberScanner.scan(text, start, this::advanceTo);
        }
        if (c == '\'' || c == '"') {
            return StringScanner.scan(text, start, this::advanceTo);
        }
        if (text.startsWith("[[", pos)) {
            return quotedName(start);
        }
        TokenKind kind = operator(c);
        if (kind == null) {
            throw new QuerySyntaxException("unexpected character " + describe(c), start);
        }
        String spelling = (kind == TokenKind.NE || kind == TokenKind.LE || kind == TokenKind.GE)
                ? text.substring(start, start + 2)
                : String.valueOf(c);
        pos += spelling.length();
        return new Token(kind, spelling, start);
    }

    private void advanceTo(int newPos) {
        pos = newPos;
    }

    /** Single-character operators, plus the two-character ones that start with the same character. */
    private TokenKind operator(char c) {
        char n = pos + 1 < text.length() ? text.charAt(pos + 1) : '\0';
        return switch (c) {
            case '*' -> TokenKind.STAR;
            case ',' -> TokenKind.COMMA;
            case '.' -> TokenKind.DOT;
            case '(' -> TokenKind.LPAREN;
            case ')' -> TokenKind.RPAREN;
            case '[' -> TokenKind.LBRACKET;
            case ']' -> TokenKind.RBRACKET;
            case '+' -> TokenKind.PLUS;
            case '-' -> TokenKind.MINUS;
            case '/' -> TokenKind.SLASH;
            case '%' -> TokenKind.PERCENT;
            case '=' -> TokenKind.EQ;
            case '!' -> n == '=' ? TokenKind.NE : null;
            case '<' -> n == '=' ? TokenKind.LE : n == '>' ? TokenKind.NE : TokenKind.LT;
            case '>' -> n == '=' ? TokenKind.GE : TokenKind.GT;
            default -> null;
        };
    }

    private Token quotedName(int start) {
        int end = text.indexOf("]]", start + 2);
        if (end < 0) {
            throw new QuerySyntaxException("unterminated [[name]]", start);
        }
        String name = text.substring(start + 2, end);
        if (name.isEmpty()) {
            throw new QuerySyntaxException("empty [[name]]", start);
        }
        pos = end + 2;
        return new Token(TokenKind.QUOTED_NAME, name, start);
    }

    static boolean isNameStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '$';
    }

    static boolean isNamePart(char c) {
        return isNameStart(c) || (c >= '0' && c <= '9');
    }

    /** Printable ASCII in quotes; anything else as a code point, so messages stay readable in logs. */
    static String describe(char c) {
        return c >= 0x20 && c < 0x7f ? "'" + c + "'" : String.format("U+%04X", (int) c);
    }
}
