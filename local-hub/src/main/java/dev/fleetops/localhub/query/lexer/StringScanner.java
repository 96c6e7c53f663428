package dev.fleetops.localhub.query.lexer;

import dev.fleetops.localhub.query.errors.QuerySyntaxException;
import java.util.function.IntConsumer;

/** Scans a quoted string literal and decodes its escapes (JSON's set plus {@code \'}). */
final class StringScanner {
    private StringScanner() {}

    /** Scans from the opening quote at {@code start}; reports the offset after the closing quote. */
    static Token scan(String text, int start, IntConsumer advance) {
        char quote = text.charAt(start);
        StringBuilder value = new StringBuilder();
        int pos = start + 1;
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == quote) {
                advance.accept(pos + 1);
                return new Token(TokenKind.STRING, value.toString(), start);
            }
            if (c != '\\') {
                value.append(c);
                pos++;
                continue;
            }
            if (pos + 1 >= text.length()) {
                break;
            }
            char e = text.charAt(pos + 1);
            switch (e) {
                case '\'', '"', '\\', '/' -> value.append(e);
                case 'b' -> value.append('\b');
                case 'f' -> value.append('\f');
                case 'n' -> value.append('\n');
                case 'r' -> value.append('\r');
                case 't' -> value.append('\t');
                case 'u' -> {
                    value.append(unicode(text, pos));
                    pos += 4;
                }
                default -> throw new QuerySyntaxException("invalid escape sequence '\\" + printable(e) + "'", pos);
            }
            pos += 2;
        }
        throw new QuerySyntaxException("unterminated string literal", start);
    }

    private static char unicode(String text, int backslash) {
        int from = backslash + 2;
        if (from + 4 > text.length()) {
            throw new QuerySyntaxException("\\u escape needs four hex digits", backslash);
        }
        int code = 0;
        for (int i = from; i < from + 4; i++) {
            int digit = NumberScanner.hexDigit(text.charAt(i));
            if (digit < 0) {
                throw new QuerySyntaxException("\\u escape needs four hex digits", backslash);
            }
            code = code * 16 + digit;
        }
        return (char) code;
    }

    private static String printable(char c) {
        return c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("U+%04X", (int) c);
    }
}
