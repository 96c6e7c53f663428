package dev.fleetops.core.rollout.service;

import dev.fleetops.contract.FieldError;
import dev.fleetops.contract.Parsed;
import dev.fleetops.core.identity.AuthMode;
import dev.fleetops.core.identity.AuthSettings;
import dev.fleetops.core.identity.OperationScope;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which new operations need a second Admin's approval before they are scheduled (docs/rollouts.md#two-person-approval):
 * a destructive action ({@code Action.isDestructive()}) on more than one device, any filter target, and any explicit list
 * of at least {@code minDevices} devices. In force when identities are real ({@code FLEETOPS_AUTH=entra}); with the
 * function key alone every caller is the same automation principal, so there is no second person to ask and the rule
 * is off (docs/identity.md).
 *
 * @param minDevices the shortest explicit device list that needs approval
 * @param validFor   how long a request waits for approval before the rollout timer rejects it
 */
public record ApprovalPolicy(boolean enabled, int minDevices, Duration validFor) {
    public static final String MIN_DEVICES = "FLEETOPS_APPROVAL_MIN_DEVICES";
    public static final String TTL_HOURS = "FLEETOPS_APPROVAL_TTL_HOURS";
    public static final int DEFAULT_MIN_DEVICES = 1000;
    public static final int DEFAULT_TTL_HOURS = 24;
    public static final int MAX_TTL_HOURS = 168;
    public static final List<String> NAMES = List.of(MIN_DEVICES, TTL_HOURS);
    /** No approvals (tests, and {@code key} mode). */
    public static final ApprovalPolicy OFF =
            new ApprovalPolicy(false, DEFAULT_MIN_DEVICES, Duration.ofHours(DEFAULT_TTL_HOURS));

    public ApprovalPolicy {
        if (minDevices < 2 || minDevices > dev.fleetops.core.identity.AccessPolicy.MAX_DEVICES) {
            throw new IllegalArgumentException(
                    "'minDevices' must be 2-" + dev.fleetops.core.identity.AccessPolicy.MAX_DEVICES);
        }
        if (validFor == null || validFor.isNegative() || validFor.isZero()) {
            throw new IllegalArgumentException("'validFor' must be positive");
        }
    }

    public static ApprovalPolicy required(int minDevices, Duration validFor) {
        return new ApprovalPolicy(true, minDevices, validFor);
    }

    /** From the app settings: on in {@code entra} mode; the two numbers must be valid in either mode. */
    public static Parsed<ApprovalPolicy> from(Map<String, String> env) {
        List<FieldError> errors = new ArrayList<>();
        int min = integer(
                env, MIN_DEVICES, DEFAULT_MIN_DEVICES, 2, dev.fleetops.core.identity.AccessPolicy.MAX_DEVICES, errors);
        int hours = integer(env, TTL_HOURS, DEFAULT_TTL_HOURS, 1, MAX_TTL_HOURS, errors);
        Parsed<AuthSettings> auth = AuthSettings.from(env);
        if (auth instanceof Parsed.Invalid<AuthSettings> bad) {
            errors.addAll(bad.errors());
        }
        if (!errors.isEmpty()) {
            return new Parsed.Invalid<>(errors);
        }
        boolean entra = ((Parsed.Valid<AuthSettings>) auth).value().mode() == AuthMode.ENTRA;
        return new Parsed.Valid<>(new ApprovalPolicy(entra, min, Duration.ofHours(hours)));
    }

    /**
     * Why an operation of this scope, resolved to {@code devices} devices, needs approval; empty when it does not.
     */
    public Optional<String> reasonFor(OperationScope scope, int devices) {
        if (!enabled) {
            return Optional.empty();
        }
        if (scope.action().isDestructive() && devices > 1) {
            return Optional.of("a " + scope.action().methodName() + " of more than one device");
        }
        if (scope.target() == OperationScope.TargetKind.FILTER) {
            return Optional.of("a filter target");
        }
        if (devices >= minDevices) {
            return Optional.of(devices + " devices (" + minDevices + " or more)");
        }
        return Optional.empty();
    }

    private static int integer(
            Map<String, String> env, String name, int fallback, int min, int max, List<FieldError> errors) {
        String raw = env.get(name);
        if (raw == null || raw.isBlank()) {
            return fallback;
        }
        try {
            int v = Integer.parseInt(raw.strip());
            if (v >= min && v <= max) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        errors.add(new FieldError(name, "must be a whole number from " + min + " to " + max));
        return fallback;
    }
}
