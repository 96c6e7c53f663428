package dev.fleetops.core.identity;

import dev.fleetops.contract.FieldError;
import dev.fleetops.contract.Parsed;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The identity settings: the mode, and who a function-key call is in {@code key} mode.
 *
 * @param automationName shown in the audit for function-key calls (1-64 letters, digits, {@code . _ - @})
 * @param automationRole the role of function-key calls in {@code key} mode
 */
public record AuthSettings(AuthMode mode, String automationName, Role automationRole) {
    /** {@code entra} or {@code key}; unset means {@code key} (the behaviour before identities existed). */
    public static final String AUTH = "FLEETOPS_AUTH";
    /** Name of the automation principal; default {@value #DEFAULT_AUTOMATION_NAME}. */
    public static final String AUTOMATION_NAME = "FLEETOPS_AUTOMATION_NAME";
    /** App-role value of the automation principal; default {@code FleetOps.Operator}. */
    public static final String AUTOMATION_ROLE = "FLEETOPS_AUTOMATION_ROLE";

    public static final String DEFAULT_AUTOMATION_NAME = "automation";
    public static final Role DEFAULT_AUTOMATION_ROLE = Role.OPERATOR;
    public static final List<String> NAMES = List.of(AUTH, AUTOMATION_NAME, AUTOMATION_ROLE);

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._@-]{1,64}");

    public AuthSettings {
        Objects.requireNonNull(mode, "'mode' cannot be null.");
        Objects.requireNonNull(automationRole, "'automationRole' cannot be null.");
        if (automationName == null || !NAME.matcher(automationName).matches()) {
            throw new IllegalArgumentException("'automationName' must be 1-64 letters, digits, '.', '_', '-' or '@'.");
        }
    }

    /** The automation principal of {@code key} mode. */
    public Principal automationPrincipal() {
        return Principal.automation(automationName, automationRole);
    }

    /**
     * Reads the settings from the app's environment. Unset or empty values take their defaults; anything else must be
     * valid, so a typo cannot silently change who a caller is.
     */
    public static Parsed<AuthSettings> from(Map<String, String> env) {
        List<FieldError> errors = new ArrayList<>();
        AuthMode mode = AuthMode.KEY;
        String rawMode = value(env, AUTH);
        if (rawMode != null) {
            mode = AuthMode.fromSetting(rawMode).orElse(null);
            if (mode == null) {
                errors.add(new FieldError(AUTH, "must be 'entra' or 'key'"));
            }
        }
        String name = value(env, AUTOMATION_NAME);
        if (name == null) {
            name = DEFAULT_AUTOMATION_NAME;
        } else if (!NAME.matcher(name).matches()) {
            errors.add(new FieldError(AUTOMATION_NAME, "must be 1-64 letters, digits, '.', '_', '-' or '@'"));
        }
        Role role = DEFAULT_AUTOMATION_ROLE;
        String rawRole = value(env, AUTOMATION_ROLE);
        if (rawRole != null) {
            role = Role.fromAppRole(rawRole).orElse(null);
            if (role == null) {
                errors.add(new FieldError(
                        AUTOMATION_ROLE, "must be FleetOps.Reader, FleetOps.Operator or FleetOps.Admin"));
            }
        }
        return errors.isEmpty() ? new Parsed.Valid<>(new AuthSettings(mode, name, role)) : new Parsed.Invalid<>(errors);
    }

    private static String value(Map<String, String> env, String name) {
        String v = env.get(name);
        return v == null || v.isBlank() ? null : v.strip();
    }
}
