package dev.fleetops.core.audit;

import dev.fleetops.core.identity.Principal;
import dev.fleetops.core.identity.Role;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Who acted, as the platform named them ({@link Principal}): object id and display name kept apart, so that a search by
 * object id cannot be fooled by a display name, plus the kind of principal and the FleetOps roles it held then.
 *
 * @param objectId    Entra object id, {@code automation:<name>} for the function key's principal, or {@code system:<name>}
 * @param displayName for people; never used to decide anything
 * @param kind        {@code user}, {@code application}, {@code automation} or {@code system}
 * @param roles       the app-role values held, least privileged first
 */
public record AuditActor(String objectId, String displayName, String kind, List<String> roles) {
    public static final int MAX_OBJECT_ID = 128;
    public static final int MAX_DISPLAY_NAME = Principal.MAX_DISPLAY_NAME;

    public AuditActor {
        objectId = AuditText.clean(Objects.requireNonNull(objectId, "'objectId' cannot be null."), MAX_OBJECT_ID);
        if (objectId.isEmpty()) {
            throw new IllegalArgumentException("'objectId' cannot be blank.");
        }
        displayName = AuditText.cleanOrNull(displayName, MAX_DISPLAY_NAME);
        displayName = displayName == null ? objectId : displayName;
        kind = AuditText.cleanOrNull(kind, 32);
        kind = kind == null ? "unknown" : kind;
        roles = roles == null ? List.of() : List.copyOf(roles);
    }

    /** The authenticated caller. */
    public static AuditActor of(Principal p) {
        return new AuditActor(
                p.objectId(),
                p.displayName(),
                p.kind().name().toLowerCase(Locale.ROOT),
                p.roles().stream().sorted().map(Role::appRole).toList());
    }

    /** Something of FleetOps' own (the rollout timer), acting without a caller. */
    public static AuditActor system(String name) {
        return new AuditActor("system:" + name, name, "system", List.of());
    }

    /** How the rollout trail and the report name this actor: as {@link Principal#auditLabel()} does. */
    public String label() {
        return displayName.equals(objectId) ? objectId : displayName + " (" + objectId + ")";
    }
}
