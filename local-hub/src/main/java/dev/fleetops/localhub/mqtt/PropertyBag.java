package dev.fleetops.localhub.mqtt;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The property bag at the end of a telemetry topic, {@code $.mid=…&$.ct=application%2Fjson&alert=high%20temp}.
 * The Java SDK sends a literal {@code $}, other SDKs {@code %24}; both decode to {@code $.x}.
 */
final class PropertyBag {
    private PropertyBag() {}

    static Map<String, String> parse(String bag) {
        Map<String, String> props = new LinkedHashMap<>();
        if (bag.isEmpty()) {
            return props;
        }
        for (String pair : bag.split("&")) {
            int eq = pair.indexOf('=');
            String key = decode(eq < 0 ? pair : pair.substring(0, eq));
            if (!key.isEmpty()) {
                props.put(key, eq < 0 ? "" : decode(pair.substring(eq + 1)));
            }
        }
        return props;
    }

    /** Percent-decodes; text with a broken escape is kept as sent rather than failing the message. */
    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }
}
