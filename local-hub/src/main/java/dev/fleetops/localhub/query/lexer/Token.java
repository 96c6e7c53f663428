package dev.fleetops.localhub.query.lexer;

/**
 * One token. {@code text} is the source spelling, except for {@link TokenKind#STRING} (the decoded value)
 * and {@link TokenKind#QUOTED_NAME} (the name inside {@code [[ ]]}). {@code position} is its 0-based offset.
 */
public record Token(TokenKind kind, String text, int position) {

    /** How error messages name this token: {@code 'FROM'}, {@code string 'abc'}, {@code end of query}. */
    public String describe() {
        return switch (kind) {
            case EOF -> "end of query";
            case STRING -> "string '" + abbreviate(text) + "'";
            case QUOTED_NAME -> "'[[" + abbreviate(text) + "]]'";
            default -> "'" + abbreviate(text) + "'";
        };
    }

    /** The value of a {@link TokenKind#NUMBER} token. */
    public double numberValue() {
        return NumberScanner.value(text);
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }
}
