package dev.fleetops.localhub.mqtt;

import java.util.HashMap;
import java.util.Map;

/**
 * The {@code ?$rid=…&$version=…} part of a twin or method topic. Values are used verbatim (the SDKs
 * send them unencoded) and the request id is echoed in a response topic, so it is strictly bounded.
 */
record RequestQuery(String requestId, String version) {
    /** Parses {@code ?k=v&k=v}; null if it is not that shape, repeats a key, or lacks a valid {@code $rid}. */
    static RequestQuery parse(String query, int maxRequestIdLength) {
        if (!query.startsWith("?")) {
            return null;
        }
        Map<String, String> params = new HashMap<>();
        for (String pair : query.substring(1).split("&", -1)) {
            int eq = pair.indexOf('=');
            if (eq <= 0 || params.put(pair.substring(0, eq), pair.substring(eq + 1)) != null) {
                return null;
            }
        }
        String rid = params.get("$rid");
        return isValidRequestId(rid, maxRequestIdLength) ? new RequestQuery(rid, params.get("$version")) : null;
    }

    /** Printable ASCII without characters that would change the meaning of the topic it is echoed in. */
    static boolean isValidRequestId(String rid, int maxLength) {
        if (rid == null || rid.isEmpty() || rid.length() > maxLength) {
            return false;
        }
        for (int i = 0; i < rid.length(); i++) {
            char c = rid.charAt(i);
            if (c <= 0x20 || c >= 0x7f || c == '/' || c == '+' || c == '#' || c == '&') {
                return false;
            }
        }
        return true;
    }
}
