package dev.fleetops.localhub.query.lexer;

import dev.fleetops.localhub.query.errors.QuerySyntaxException;
import java.math.BigInteger;
import java.util.function.IntConsumer;

/** Scans number literals and converts their text to a value, so the parser never parses numbers itself. */
final class NumberScanner {
    private NumberScanner() {}

    /** Scans the literal starting at {@code start} (a digit) and reports the offset after it to {@code advance}. */
    static Token scan(String text, int start, IntConsumer advance) {
        int pos = start;
        if (text.startsWith("0x", pos) || text.startsWith("0X", pos)) {
            pos += 2;
            int digits = pos;
            while (pos < text.length() && hexDigit(text.charAt(pos)) >= 0) {
                pos++;
            }
            if (pos == digits) {
                throw new QuerySyntaxException("hexadecimal literal needs digits after 0x", start);
            }
        } else {
            pos = digits(text, pos);
            // "1.x" is a number then a dot; only a digit after the dot makes a fraction.
            if (pos + 1 < text.length() && text.charAt(pos) == '.' && isDigit(text.charAt(pos + 1))) {
                pos = digits(text, pos + 1);
            }
            if (pos < text.length() && (text.charAt(pos) == 'e' || text.charAt(pos) == 'E')) {
                int exponent = pos + 1;
                if (exponent < text.length() && (text.charAt(exponent) == '+' || text.charAt(exponent) == '-')) {
                    exponent++;
                }
                if (exponent >= text.length() || !isDigit(text.charAt(exponent))) {
                    throw new QuerySyntaxException("number exponent needs digits", pos);
                }
                pos = digits(text, exponent);
            }
        }
        if (pos < text.length() && Lexer.isNamePart(text.charAt(pos))) {
            throw new QuerySyntaxException(
                    "invalid character " + Lexer.describe(text.charAt(pos)) + " in number literal", pos);
        }
        String literal = text.substring(start, pos);
        if (Double.isInfinite(value(literal))) {
            throw new QuerySyntaxException("number literal out of range", start);
        }
        advance.accept(pos);
        return new Token(TokenKind.NUMBER, literal, start);
    }

    /** The value of a literal this scanner accepted. */
    public static double value(String literal) {
        if (literal.startsWith("0x") || literal.startsWith("0X")) {
            return new BigInteger(literal.substring(2), 16).doubleValue();
        }
        return Double.parseDouble(literal);
    }

    private static int digits(String text, int pos) {
        while (pos < text.length() && isDigit(text.charAt(pos))) {
            pos++;
        }
        return pos;
    }

    /** ASCII only: Character.digit would also accept, say, Arabic-Indic digits. */
    static int hexDigit(char c) {
        return c < 0x80 ? Character.digit(c, 16) : -1;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
