package dev.fleetops.core.audit;

import dev.fleetops.core.text.SafeText;

/** Text that goes into audit records: no control or bidi/format characters, trimmed, bounded ({@link SafeText}). */
final class AuditText {
    private AuditText() {}

    /** {@link SafeText#clean}; null stays null. */
    static String clean(String text, int max) {
        return SafeText.clean(text, max);
    }

    /** {@link #clean}, with an empty result read as null. */
    static String cleanOrNull(String text, int max) {
        String s = clean(text, max);
        return s == null || s.isEmpty() ? null : s;
    }
}
