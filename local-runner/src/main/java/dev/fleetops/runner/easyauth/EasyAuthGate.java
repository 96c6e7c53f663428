package dev.fleetops.runner.easyauth;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Plays App Service Authentication in front of the functions, configured as infra/bicep configures it for
 * {@code FLEETOPS_AUTH=entra}: Entra ID, {@code requireAuthentication: true}, {@code unauthenticatedClientAction:
 * Return401}, and {@code excludedPaths} for the OpenAPI document and the console.
 *
 * <ul>
 *   <li>Client-sent {@code x-ms-client-principal*} and {@code x-ms-token-*} headers never reach the app: "External
 *   requests aren't allowed to set these headers, so they're present only if set by App Service"
 *   (configure-authentication-user-identities).</li>
 *   <li>{@code Authorization: Bearer <token>} with a valid local token ({@link LocalTokens}) is authenticated: the
 *   app gets the principal headers ({@link ClientPrincipalHeaders}) and, as in Azure, the Authorization header.</li>
 *   <li>Anything else is answered 401 before routing and before the key check — "Require authentication ... reject
 *   any unauthenticated traffic" (overview-authentication-authorization) — except on excluded paths, which pass
 *   through without identity.</li>
 * </ul>
 */
public final class EasyAuthGate {
    /**
     * The OpenAPI document and the operator console's files, as {@code excludedPaths} in
     * infra/bicep/modules/functionapp.bicep lists them.
     */
    public static final List<String> DEFAULT_EXCLUDED_PATHS =
            List.of("/api/openapi.json", "/api/console", "/api/console/console.js", "/api/console/console.css");

    /** What happens to one request. */
    public sealed interface Outcome {
        /** @param headers the request headers as the app gets them (lower-case names): stripped, plus any injected */
        record Pass(Map<String, String> headers, Map<String, String> injected, String note) implements Outcome {}

        record Reject(String reason) implements Outcome {}
    }

    private final LocalTokens tokens;
    private final List<String> excludedPaths;

    public EasyAuthGate(LocalTokens tokens, List<String> excludedPaths) {
        this.tokens = tokens;
        this.excludedPaths = List.copyOf(excludedPaths);
    }

    /**
     * @param path    the raw request path
     * @param headers the request headers, lower-case names
     */
    public Outcome check(String path, Map<String, String> headers) {
        Map<String, String> kept = new LinkedHashMap<>();
        headers.forEach((name, value) -> {
            if (!ClientPrincipalHeaders.reserved(name)) {
                kept.put(name, value);
            }
        });
        String stripped = kept.size() < headers.size() ? "client-sent identity headers removed" : null;
        boolean excluded = excludedPaths.stream().anyMatch(p -> p.equalsIgnoreCase(path));
        String authorization = headers.get("authorization");
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return excluded ? new Outcome.Pass(kept, Map.of(), stripped) : new Outcome.Reject("no bearer token");
        }
        LocalTokens.Verification v = tokens.verify(authorization.substring(7).strip());
        if (v instanceof LocalTokens.Verification.Invalid invalid) {
            return excluded
                    ? new Outcome.Pass(kept, Map.of(), stripped)
                    : new Outcome.Reject("token " + invalid.reason());
        }
        Map<String, String> injected = ClientPrincipalHeaders.of(((LocalTokens.Verification.Valid) v).claims());
        injected.forEach((name, value) -> kept.put(name.toLowerCase(Locale.ROOT), value));
        return new Outcome.Pass(kept, injected, stripped);
    }
}
