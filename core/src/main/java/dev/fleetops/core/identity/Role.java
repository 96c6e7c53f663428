package dev.fleetops.core.identity;

import java.util.Optional;

/**
 * FleetOps app roles, in increasing privilege: each role includes the ones before it (Admin ⊇ Operator ⊇ Reader).
 * The values are the app-role {@code value}s of the Entra app registration ({@code infra/entra/app-roles.json}),
 * which arrive in the token's {@code roles} claim.
 */
public enum Role {
    /** Every GET: devices, operations, progress, reports. */
    READER("FleetOps.Reader"),
    /** Reboot and firmware update of single devices and of short explicit device lists; pause, resume, cancel. */
    OPERATOR("FleetOps.Operator"),
    /** Factory reset, filter-targeted and large operations, approvals. */
    ADMIN("FleetOps.Admin");

    private final String appRole;

    Role(String appRole) {
        this.appRole = appRole;
    }

    /** The app-role value, e.g. {@code FleetOps.Admin}. */
    public String appRole() {
        return appRole;
    }

    /** True when this role grants everything {@code other} grants. */
    public boolean includes(Role other) {
        return compareTo(other) >= 0;
    }

    /** The role whose app-role value is exactly {@code value} (case-sensitive, as Entra emits it). */
    public static Optional<Role> fromAppRole(String value) {
        for (Role r : values()) {
            if (r.appRole.equals(value)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return appRole;
    }
}
