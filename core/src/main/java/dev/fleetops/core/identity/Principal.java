package dev.fleetops.core.identity;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The authenticated caller, as the audit trail records it and the access policy judges it.
 *
 * @param objectId         Entra object id ({@code oid}) of the user or service principal; for the automation principal
 *                         {@code automation:<name>}
 * @param displayName      a name for people reading the audit: the token's {@code name}, else its user name, else the
 *                         object id; control and format characters removed, at most {@value #MAX_DISPLAY_NAME} characters
 * @param identityProvider {@code aad} for Entra ID, {@code functionKey} for the automation principal
 * @param roles            the FleetOps app roles the caller holds (unknown role values are not kept)
 */
public record Principal(
        String objectId, String displayName, String identityProvider, Set<Role> roles, PrincipalKind kind) {
    public static final int MAX_DISPLAY_NAME = 256;
    public static final String FUNCTION_KEY_PROVIDER = "functionKey";

    public Principal {
        Objects.requireNonNull(objectId, "'objectId' cannot be null.");
        Objects.requireNonNull(identityProvider, "'identityProvider' cannot be null.");
        Objects.requireNonNull(kind, "'kind' cannot be null.");
        if (objectId.isBlank()) {
            throw new IllegalArgumentException("'objectId' cannot be blank.");
        }
        String name = IdentityText.clean(displayName, MAX_DISPLAY_NAME);
        displayName = name.isEmpty() ? objectId : name;
        roles = roles == null || roles.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(roles));
    }

    /** The configured automation principal of {@code key} mode. */
    public static Principal automation(String name, Role role) {
        return new Principal("automation:" + name, name, FUNCTION_KEY_PROVIDER, Set.of(role), PrincipalKind.AUTOMATION);
    }

    /** True when one of the caller's roles includes {@code required}. */
    public boolean has(Role required) {
        return roles.stream().anyMatch(r -> r.includes(required));
    }

    /** The most privileged role held, if any. */
    public Optional<Role> highestRole() {
        return roles.stream().max(Enum::compareTo);
    }

    /** How the audit trail names the caller: display name and object id, or the object id alone. */
    public String auditLabel() {
        return displayName.equals(objectId) ? objectId : displayName + " (" + objectId + ")";
    }

    public boolean automation() {
        return kind == PrincipalKind.AUTOMATION;
    }
}
