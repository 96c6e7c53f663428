package dev.fleetops.core.rollout.service.report;

/** Text to HTML: everything a caller or a device wrote goes through {@link #text} before it reaches the page. */
public final class Html {
    private Html() {}

    /**
     * Escapes {@code & < > " '} (safe in element content and in quoted attributes, HTML and SVG alike),
     * replaces control characters and unpaired surrogates, and shortens text longer than {@code max}.
     */
    public static String text(String s, int max) {
        if (s == null) {
            return "";
        }
        String in = s.length() > max ? s.substring(0, max) + "…" : s;
        StringBuilder out = new StringBuilder(in.length() + 16);
        for (int i = 0; i < in.length(); i++) {
            char c = in.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> {
                    if (Character.isHighSurrogate(c)
                            && i + 1 < in.length()
                            && Character.isLowSurrogate(in.charAt(i + 1))) {
                        out.append(c).append(in.charAt(++i));
                    } else if (Character.isSurrogate(c)
                            || (c < 0x20 && c != '\n' && c != '\t')
                            || (c >= 0x7f && c < 0xa0)) {
                        out.append('\uFFFD');
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }

    public static String text(String s) {
        return text(s, 500);
    }
}
