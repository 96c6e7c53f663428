package dev.fleetops.core.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RoleAndPrincipalTest {

    @Test
    void adminIncludesOperatorIncludesReader() {
        assertTrue(Role.ADMIN.includes(Role.OPERATOR)
                && Role.ADMIN.includes(Role.READER)
                && Role.OPERATOR.includes(Role.READER));
        assertFalse(Role.READER.includes(Role.OPERATOR) || Role.OPERATOR.includes(Role.ADMIN));
        assertTrue(Role.READER.includes(Role.READER));
    }

    @Test
    void appRoleValuesAreTheRegistrationsExactly() {
        assertEquals(Optional.of(Role.ADMIN), Role.fromAppRole("FleetOps.Admin"));
        assertEquals(Optional.empty(), Role.fromAppRole("FleetOps.admin"));
        assertEquals(Optional.empty(), Role.fromAppRole(null));
        assertEquals("FleetOps.Operator", Role.OPERATOR.appRole());
    }

    @Test
    void aPrincipalHasWhatItsHighestRoleIncludes() {
        Principal p = new Principal("id", "n", "aad", Set.of(Role.READER, Role.OPERATOR), PrincipalKind.USER);
        assertTrue(p.has(Role.READER) && p.has(Role.OPERATOR));
        assertFalse(p.has(Role.ADMIN));
        assertEquals(Optional.of(Role.OPERATOR), p.highestRole());
        Principal none = new Principal("id", null, "aad", Set.of(), PrincipalKind.APPLICATION);
        assertFalse(none.has(Role.READER));
        assertEquals("id", none.displayName(), "no name: the object id stands in");
        assertThrows(UnsupportedOperationException.class, () -> p.roles().add(Role.ADMIN));
        assertThrows(
                IllegalArgumentException.class, () -> new Principal(" ", "n", "aad", Set.of(), PrincipalKind.USER));
    }
}
