package dev.fleetops.core.audit;

/** Text that goes into audit records: no control or bidi/format characters, trimmed, bounded. */
final class AuditText {
    private AuditText() {}

    /** {@code text} without {@code \p{Cc}} and {@code \p{Cf}} characters, trimmed and cut to {@code max} code points; null stays null. */
    static String clean(String text, int max) {
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

    /** {@link #clean}, with an empty result read as null. */
    static String cleanOrNull(String text, int max) {
        String s = clean(text, max);
        return s == null || s.isEmpty() ? null : s;
    }
}
