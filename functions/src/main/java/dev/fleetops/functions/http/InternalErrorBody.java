package dev.fleetops.functions.http;

/**
 * The problem+json document of an internal error, written by hand: it is what FleetOps answers when a
 * library, possibly the JSON library itself, failed, so it depends on nothing but the JDK. Same members
 * as {@link Problems#internal()} would serialize.
 */
final class InternalErrorBody {
    private InternalErrorBody() {}

    static String json(String instance, String invocationId) {
        StringBuilder b = new StringBuilder(256).append('{');
        member(b, "type", "urn:fleetops:problem:internal-error").append(',');
        member(b, "title", "Internal error").append(',');
        b.append("\"status\":500,");
        member(b, "detail", "An unexpected error occurred; it has been logged with the invocation id.")
                .append(',');
        if (instance != null) {
            member(b, "instance", instance).append(',');
        }
        member(b, "code", "internal-error");
        if (invocationId != null) {
            member(b.append(','), "invocationId", invocationId);
        }
        return b.append('}').toString();
    }

    private static StringBuilder member(StringBuilder b, String name, String value) {
        return quote(quote(b, name).append(':'), value);
    }

    /** RFC 8259 string escaping: quotation mark, reverse solidus and control characters. */
    static StringBuilder quote(StringBuilder b, String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"');
    }
}
