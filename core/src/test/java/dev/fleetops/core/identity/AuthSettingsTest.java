package dev.fleetops.core.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.fleetops.contract.FieldError;
import dev.fleetops.contract.Parsed;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuthSettingsTest {

    private static AuthSettings valid(Map<String, String> env) {
        return (AuthSettings)
                assertInstanceOf(Parsed.Valid.class, AuthSettings.from(env)).value();
    }

    private static List<String> invalidFields(Map<String, String> env) {
        Parsed.Invalid<?> invalid = assertInstanceOf(Parsed.Invalid.class, AuthSettings.from(env));
        return invalid.errors().stream().map(FieldError::field).toList();
    }

    @Test
    void unsetMeansKeyModeWithAnOperatorAutomationPrincipal() {
        AuthSettings s = valid(Map.of());
        assertEquals(AuthMode.KEY, s.mode());
        assertEquals("automation", s.automationName());
        assertEquals(Role.OPERATOR, s.automationRole());
        assertEquals(
                s, valid(Map.of("FLEETOPS_AUTH", " ", "FLEETOPS_AUTOMATION_NAME", "", "FLEETOPS_AUTOMATION_ROLE", "")));
    }

    @Test
    void readsEveryValue() {
        AuthSettings s = valid(Map.of(
                "FLEETOPS_AUTH",
                "entra",
                "FLEETOPS_AUTOMATION_NAME",
                "ci-pipeline@contoso",
                "FLEETOPS_AUTOMATION_ROLE",
                "FleetOps.Admin"));
        assertEquals(new AuthSettings(AuthMode.ENTRA, "ci-pipeline@contoso", Role.ADMIN), s);
        assertEquals(Principal.automation("ci-pipeline@contoso", Role.ADMIN), s.automationPrincipal());
    }

    @Test
    void aTypoIsAnErrorNotASilentDefault() {
        assertEquals(
                List.of("FLEETOPS_AUTH", "FLEETOPS_AUTOMATION_NAME", "FLEETOPS_AUTOMATION_ROLE"),
                invalidFields(Map.of(
                        "FLEETOPS_AUTH",
                        "Entra ID",
                        "FLEETOPS_AUTOMATION_NAME",
                        "robot\nadmin",
                        "FLEETOPS_AUTOMATION_ROLE",
                        "Admin")));
        assertEquals(List.of("FLEETOPS_AUTH"), invalidFields(Map.of("FLEETOPS_AUTH", "ENTRA")));
        assertEquals(
                List.of("FLEETOPS_AUTOMATION_NAME"), invalidFields(Map.of("FLEETOPS_AUTOMATION_NAME", "x".repeat(65))));
    }
}
