package dev.fleetops.core.text;

/**
 * Text from outside (identity claims, callers' reasons, device messages) made safe for logs, audit records and
 * HTML: without control characters ({@code \p{Cc}}), which could forge log lines, and without format characters
 * ({@code \p{Cf}}, e.g. bidi overrides), which could make a name read as another; trimmed and bounded.
 */
public final class SafeText {
    private SafeText() {}

    /** {@code text} without {@code \p{Cc}} and {@code \p{Cf}}, cut to {@code max} code points, trimmed; null stays null. */
    public static String clean(String text, int max) {
        if (text == null) {
            return null;
        }
        StringBuilder out = new StringBuilder(Math.min(text.length(), max));
        int count = 0;
        for (int i = 0; i < text.length() && count < max; ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            int type = Character.getType(cp);
            if (type == Character.CONTROL || type == Character.FORMAT) {
                continue;
            }
            out.appendCodePoint(cp);
            count++;
        }
        return out.toString().strip();
    }
}
