package dev.fleetops.core.identity;

import dev.fleetops.core.text.SafeText;

/** Text from identity claims made safe for logs, audit records and HTML ({@link SafeText}); never null. */
final class IdentityText {
    private IdentityText() {}

    /** {@link SafeText#clean}, with null read as empty. */
    static String clean(String text, int max) {
        return text == null ? "" : SafeText.clean(text, max);
    }
}
