package dev.fleetops.core.identity;

import dev.fleetops.core.identity.Authentication.Reason;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Names the caller of one HTTP request, from the platform and nothing else.
 *
 * <ul>
 *   <li>{@code entra}: App Service Authentication validated a bearer token before the request got here, removed any
 *   client-sent {@code x-ms-client-principal*} headers and set its own. The caller is that principal; without it the
 *   request is unauthenticated. A function key names nobody in this mode: with {@code Return401}, a request without a
 *   token never reaches the Functions host, whose key check runs after App Service Authentication (see
 *   docs/identity.md, "Function keys and App Service Authentication").</li>
 *   <li>{@code key}: nothing in front of the app sets identity headers, so any {@code x-ms-client-principal*} header
 *   came from the caller and is ignored. Every FleetOps HTTP function is {@code authLevel: function}, so the host has
 *   checked the key; the caller is the configured automation principal.</li>
 * </ul>
 * No other header (e.g. {@code x-ms-client-principal-name}) is ever read.
 */
public final class Authenticator {
    public static final String CLIENT_PRINCIPAL_HEADER = "x-ms-client-principal";
    public static final String FUNCTION_KEY_HEADER = "x-functions-key";
    public static final String FUNCTION_KEY_QUERY = "code";
    public static final String ENTRA_PROVIDER = "aad";
    private static final Pattern GUID =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private final AuthSettings settings;

    public Authenticator(AuthSettings settings) {
        this.settings = Objects.requireNonNull(settings, "'settings' cannot be null.");
    }

    /**
     * @param headers the request headers (names in any case; the worker gives them in lower case)
     * @param query   the query parameters
     */
    public Authentication authenticate(Map<String, String> headers, Map<String, String> query) {
        return switch (settings.mode()) {
            case KEY ->
                present(header(headers, FUNCTION_KEY_HEADER)) || present(header(query, FUNCTION_KEY_QUERY))
                        ? new Authentication.Authenticated(settings.automationPrincipal())
                        : new Authentication.Unauthenticated(Reason.NO_FUNCTION_KEY, "no function key");
            case ENTRA -> fromClientPrincipal(header(headers, CLIENT_PRINCIPAL_HEADER));
        };
    }

    private static Authentication fromClientPrincipal(String header) {
        if (header == null) {
            return new Authentication.Unauthenticated(Reason.NO_CLIENT_PRINCIPAL, "no authenticated principal");
        }
        ClientPrincipalParser.Result parsed = ClientPrincipalParser.parse(header);
        if (parsed instanceof ClientPrincipalParser.Result.Decoded d) {
            return principal(d.principal());
        }
        return new Authentication.Unauthenticated(
                Reason.INVALID_CLIENT_PRINCIPAL,
                "client principal header " + ((ClientPrincipalParser.Result.Rejected) parsed).reason());
    }

    /** The FleetOps principal of an Entra ID client principal. */
    static Authentication principal(ClientPrincipal cp) {
        if (!ENTRA_PROVIDER.equalsIgnoreCase(cp.authType())) {
            return new Authentication.Unauthenticated(
                    Reason.UNUSABLE_CLIENT_PRINCIPAL, "identity provider is not Entra ID (aad)");
        }
        Set<String> oids = new LinkedHashSet<>(cp.values(ClaimTypes.OBJECT_ID));
        if (oids.size() != 1 || !GUID.matcher(oids.iterator().next()).matches()) {
            return new Authentication.Unauthenticated(
                    Reason.UNUSABLE_CLIENT_PRINCIPAL, "needs exactly one object id (oid) claim, a GUID");
        }
        String oid = oids.iterator().next().toLowerCase(Locale.ROOT);
        Set<Role> roles = new LinkedHashSet<>();
        for (String value : cp.values(ClaimTypes.ROLES)) {
            Role.fromAppRole(value).ifPresent(roles::add);
        }
        PrincipalKind kind = kind(cp);
        String name = cp.first(ClaimTypes.NAMES);
        if (name == null && kind == PrincipalKind.APPLICATION) {
            String app = cp.first(ClaimTypes.CLIENT_APP);
            name = app == null ? null : "application " + app;
        }
        return new Authentication.Authenticated(new Principal(oid, name, ENTRA_PROVIDER, roles, kind));
    }

    /** {@code idtyp} when the token has it; otherwise delegated tokens carry scopes and app-only tokens do not. */
    private static PrincipalKind kind(ClientPrincipal cp) {
        String idtyp = cp.first(List.of(ClaimTypes.ID_TYPE));
        if ("app".equals(idtyp)) {
            return PrincipalKind.APPLICATION;
        }
        if ("user".equals(idtyp) || cp.first(ClaimTypes.SCOPE) != null) {
            return PrincipalKind.USER;
        }
        return PrincipalKind.APPLICATION;
    }

    private static String header(Map<String, String> map, String name) {
        if (map == null) {
            return null;
        }
        String exact = map.get(name);
        if (exact != null) {
            return exact;
        }
        for (Map.Entry<String, String> e : map.entrySet()) {
            if (e.getKey() != null && e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        return null;
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }
}
