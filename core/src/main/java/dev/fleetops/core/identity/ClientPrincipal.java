package dev.fleetops.core.identity;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The decoded {@code x-ms-client-principal} header, as App Service documents it:
 * {@code {"auth_typ": "...", "claims": [{"typ": "...", "val": "..."}], "name_typ": "...", "role_typ": "..."}}.
 *
 * @param authType the identity provider ({@code aad} for Entra ID)
 * @param nameType the name claim type, or null
 * @param roleType the role claim type, or null
 */
public record ClientPrincipal(String authType, String nameType, String roleType, List<Claim> claims) {

    /** One claim; a claim type may occur several times (one {@code roles} claim per role). */
    public record Claim(String type, String value) {
        public Claim {
            Objects.requireNonNull(type, "'type' cannot be null.");
            Objects.requireNonNull(value, "'value' cannot be null.");
        }
    }

    public ClientPrincipal {
        Objects.requireNonNull(authType, "'authType' cannot be null.");
        claims = List.copyOf(claims);
    }

    /** The values of every claim whose type is one of {@code types}, in header order. */
    public List<String> values(List<String> types) {
        List<String> out = new ArrayList<>();
        for (Claim c : claims) {
            if (types.contains(c.type())) {
                out.add(c.value());
            }
        }
        return out;
    }

    /** The first non-blank value among {@code types}, trying the types in order. */
    public String first(List<String> types) {
        for (String type : types) {
            for (Claim c : claims) {
                if (c.type().equals(type) && !c.value().isBlank()) {
                    return c.value();
                }
            }
        }
        return null;
    }
}
