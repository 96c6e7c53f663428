package dev.fleetops.core.identity;

/** Text from identity claims made safe for logs, audit records and HTML: no control or bidi/format characters. */
final class IdentityText {
    private IdentityText() {}

    /** {@code text} without {@code \p{Cc}} and {@code \p{Cf}} characters, trimmed, cut to {@code max} code points. */
    static String clean(String text, int max) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder();
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
