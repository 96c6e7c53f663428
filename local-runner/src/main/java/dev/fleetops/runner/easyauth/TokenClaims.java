package dev.fleetops.runner.easyauth;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The claims of a local token, shaped like an Entra ID v2.0 access token for the FleetOps API
 * ("Access token claims reference": {@code aud, iss, iat, nbf, exp, oid, sub, tid, roles, ver}; {@code name},
 * {@code preferred_username} and {@code scp} in delegated tokens; {@code azp} and {@code idtyp: app} in app-only ones).
 *
 * @param name     the user's display name, or the client application's name for an app-only token
 * @param objectId the user's or service principal's object id (a GUID)
 * @param roles    app-role values, e.g. {@code FleetOps.Admin}; not checked, as Entra does not know what the app accepts
 * @param app      true for an app-only (client credentials) token
 */
public record TokenClaims(String name, String objectId, List<String> roles, Duration lifetime, boolean app) {
    private static final java.util.regex.Pattern GUID = java.util.regex.Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    public TokenClaims {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("'name' must not be blank");
        }
        if (objectId != null && !GUID.matcher(objectId).matches()) {
            throw new IllegalArgumentException("'objectId' must be a GUID like 8f0c6a4e-2b1d-4c3e-9f5a-1b2c3d4e5f60");
        }
        objectId = objectId == null ? UUID.randomUUID().toString() : objectId.toLowerCase(java.util.Locale.ROOT);
        roles = List.copyOf(roles);
        if (lifetime.isNegative() || lifetime.isZero() || lifetime.compareTo(Duration.ofHours(24)) > 0) {
            throw new IllegalArgumentException("'lifetime' must be more than 0 and at most 24 hours");
        }
    }

    public JsonObject toJson(SigningKey key, Instant now) {
        JsonObject c = new JsonObject();
        c.addProperty("aud", key.audience());
        c.addProperty("iss", key.issuer());
        c.addProperty("iat", now.getEpochSecond());
        c.addProperty("nbf", now.getEpochSecond());
        c.addProperty("exp", now.plus(lifetime).getEpochSecond());
        c.addProperty("oid", objectId);
        c.addProperty("sub", objectId);
        c.addProperty("tid", key.tenantId());
        if (app) {
            c.addProperty("azp", name);
            c.addProperty("idtyp", "app");
        } else {
            c.addProperty("name", name);
            c.addProperty("preferred_username", name);
            c.addProperty("scp", "user_impersonation");
        }
        JsonArray r = new JsonArray();
        roles.forEach(r::add);
        c.add("roles", r);
        c.addProperty("ver", "2.0");
        return c;
    }
}
