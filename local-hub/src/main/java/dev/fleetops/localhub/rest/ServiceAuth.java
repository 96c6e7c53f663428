package dev.fleetops.localhub.rest;

import dev.fleetops.localhub.auth.AccessPolicy;
import dev.fleetops.localhub.auth.AccessRight;
import dev.fleetops.localhub.auth.SasToken;
import dev.fleetops.localhub.errors.HubException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Checks the {@code Authorization} header of service requests: a SAS token signed with one of the
 * hub's shared access policies, unexpired, for this hub, carrying the right the route needs.
 */
final class ServiceAuth {
    static final int UNAUTHORIZED = 401002;

    private final List<AccessPolicy> policies;
    private final Set<String> hostNames;

    /** @param hostNames names the hub answers to; a token's {@code sr} must name one of them (port ignored) */
    ServiceAuth(List<AccessPolicy> policies, Set<String> hostNames) {
        this.policies = policies;
        this.hostNames = hostNames;
    }

    /** @throws HubException 401002 when the caller is not allowed; the message says why */
    AccessPolicy check(String authorization, Instant now, AccessRight... anyOf) {
        if (authorization == null || authorization.isBlank()) {
            throw new HubException(UNAUTHORIZED, "The Authorization header is missing.");
        }
        if (authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new HubException(
                    UNAUTHORIZED,
                    "Microsoft Entra ID tokens are not supported by the local hub;"
                            + " use a shared access signature (a connection string of a shared access policy).");
        }
        Optional<SasToken> parsed = SasToken.parse(authorization.trim());
        if (parsed.isEmpty()) {
            throw new HubException(UNAUTHORIZED, "The Authorization header is not a valid SharedAccessSignature.");
        }
        SasToken token = parsed.get();
        if (token.isExpired(now)) {
            throw new HubException(UNAUTHORIZED, "The SharedAccessSignature has expired.");
        }
        if (!hostNames.contains(host(token.decodedResource()))) {
            throw new HubException(
                    UNAUTHORIZED,
                    "The SharedAccessSignature is not for this hub (sr=" + token.decodedResource() + ").");
        }
        AccessPolicy policy = policies.stream()
                .filter(p -> p.name().equals(token.keyName()))
                .findFirst()
                .orElseThrow(() ->
                        new HubException(UNAUTHORIZED, "Unknown shared access policy '" + token.keyName() + "'."));
        if (!token.isSignedWith(policy.primaryKey())) {
            throw new HubException(UNAUTHORIZED, "The SharedAccessSignature signature is invalid.");
        }
        for (AccessRight right : anyOf) {
            if (policy.rights().contains(right)) {
                return policy;
            }
        }
        throw new HubException(
                UNAUTHORIZED, "Policy '" + policy.name() + "' lacks the " + List.of(anyOf) + " permission.");
    }

    /** The host of an {@code sr} value: scheme, port and path removed, lower case. */
    static String host(String resource) {
        String r = resource.toLowerCase(Locale.ROOT);
        int scheme = r.indexOf("://");
        if (scheme >= 0) {
            r = r.substring(scheme + 3);
        }
        int slash = r.indexOf('/');
        if (slash >= 0) {
            r = r.substring(0, slash);
        }
        int colon = r.lastIndexOf(':');
        if (colon >= 0 && r.indexOf(':') == colon) {
            r = r.substring(0, colon);
        }
        return r;
    }
}
