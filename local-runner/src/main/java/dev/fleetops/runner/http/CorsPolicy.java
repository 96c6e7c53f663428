package dev.fleetops.runner.http;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The allowed browser origins from {@code Host.CORS} (comma-separated, {@code *} for any) and
 * {@code Host.CORSCredentials}. An origin that is not allowed gets no CORS headers at all, so the
 * browser blocks the call. Immutable.
 */
public record CorsPolicy(List<String> origins, boolean credentials) {
    static final String MAX_AGE_SECONDS = "300";

    /**
     * @throws IllegalArgumentException for {@code *} with credentials, which browsers reject
     */
    public CorsPolicy {
        origins = origins.stream()
                .map(o -> o.trim().replaceAll("/+$", ""))
                .filter(o -> !o.isEmpty())
                .toList();
        if (credentials && origins.contains("*")) {
            throw new IllegalArgumentException("Host.CORS '*' cannot be combined with Host.CORSCredentials=true: "
                    + "browsers reject a wildcard origin on credentialed requests; list the origins instead");
        }
    }

    public static CorsPolicy parse(String commaSeparated, boolean credentials) {
        return new CorsPolicy(
                commaSeparated == null ? List.of() : Arrays.asList(commaSeparated.split(",")), credentials);
    }

    public static CorsPolicy none() {
        return new CorsPolicy(List.of(), false);
    }

    /** False when no origin is configured: then the runner does no CORS handling, as Core Tools without CORS. */
    public boolean enabled() {
        return !origins.isEmpty();
    }

    public boolean allows(String origin) {
        return origin != null && (origins.contains("*") || origins.stream().anyMatch(o -> o.equalsIgnoreCase(origin)));
    }

    /** Headers for a preflight ({@code OPTIONS} with {@code Access-Control-Request-Method}); empty when not allowed. */
    public Map<String, String> preflightHeaders(String origin, String requestMethod, String requestHeaders) {
        Map<String, String> h = responseHeaders(origin);
        if (!h.isEmpty()) {
            h.put("Access-Control-Allow-Methods", requestMethod);
            if (requestHeaders != null && !requestHeaders.isBlank()) {
                h.put("Access-Control-Allow-Headers", requestHeaders);
            }
            h.put("Access-Control-Max-Age", MAX_AGE_SECONDS);
        }
        return h;
    }

    /** Headers for an actual request from {@code origin}; empty when not allowed. */
    public Map<String, String> responseHeaders(String origin) {
        Map<String, String> h = new LinkedHashMap<>();
        if (!allows(origin)) {
            return h;
        }
        if (origins.contains("*")) {
            h.put("Access-Control-Allow-Origin", "*");
        } else {
            h.put("Access-Control-Allow-Origin", origin);
            h.put("Vary", "Origin");
        }
        if (credentials) {
            h.put("Access-Control-Allow-Credentials", "true");
        }
        return h;
    }
}
