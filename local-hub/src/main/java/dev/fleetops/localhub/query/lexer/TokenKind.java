package dev.fleetops.localhub.query.lexer;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** Every kind of token the query language has. Keywords carry their spelling; they match case-insensitively. */
public enum TokenKind {
    IDENTIFIER,
    QUOTED_NAME,
    STRING,
    NUMBER,

    SELECT(true),
    TOP(true),
    FROM(true),
    WHERE(true),
    GROUP(true),
    BY(true),
    AS(true),
    AND(true),
    OR(true),
    NOT(true),
    IN(true),
    NIN(true),
    TRUE(true),
    FALSE(true),
    NULL(true),
    UNDEFINED(true),

    STAR,
    COMMA,
    DOT,
    LPAREN,
    RPAREN,
    LBRACKET,
    RBRACKET,
    PLUS,
    MINUS,
    SLASH,
    PERCENT,
    EQ,
    NE,
    LT,
    LE,
    GT,
    GE,

    EOF;

    private static final Map<String, TokenKind> KEYWORDS = new HashMap<>();

    static {
        for (TokenKind kind : values()) {
            if (kind.keyword) {
                KEYWORDS.put(kind.name(), kind);
            }
        }
    }

    private final boolean keyword;

    TokenKind() {
        this(false);
    }

    TokenKind(boolean keyword) {
        this.keyword = keyword;
    }

    public boolean isKeyword() {
        return keyword;
    }

    /** The keyword spelled {@code word} in any case, or {@link #IDENTIFIER} when it is not a keyword. */
    public static TokenKind wordKind(String word) {
        return KEYWORDS.getOrDefault(word.toUpperCase(Locale.ROOT), IDENTIFIER);
    }
}
