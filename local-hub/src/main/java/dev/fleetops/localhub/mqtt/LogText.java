package dev.fleetops.localhub.mqtt;

/** Makes device-supplied text safe to log: bounded, one line, no control characters. */
final class LogText {
    private static final int MAX = 160;

    private LogText() {}

    /**
     * A one-line description of an error. A plaintext client's bytes are never echoed: Netty puts them in
     * the message of {@code NotSslRecordException}, and they may hold a SAS token.
     */
    static String error(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof io.netty.handler.ssl.NotSslRecordException) {
                return "not a TLS record (plaintext client?)";
            }
        }
        return t.getClass().getSimpleName() + ": " + safe(t.getMessage());
    }

    static String safe(String text) {
        if (text == null) {
            return "<none>";
        }
        StringBuilder b = new StringBuilder(Math.min(text.length(), MAX + 1));
        for (int i = 0; i < text.length() && i < MAX; i++) {
            char c = text.charAt(i);
            b.append(c < 0x20 || c == 0x7f ? '?' : c);
        }
        if (text.length() > MAX) {
            b.append('…');
        }
        return b.toString();
    }
}
