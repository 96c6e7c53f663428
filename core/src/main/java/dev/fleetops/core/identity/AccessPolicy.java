package dev.fleetops.core.identity;

import dev.fleetops.contract.FieldError;
import dev.fleetops.contract.Parsed;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Decides whether a caller may run a function ({@link AccessRules}). For operations, an Operator may reboot or update
 * an explicit list of at most {@code operatorMaxDevices} devices; a factory reset, a filter target or a longer list
 * needs an Admin.
 *
 * @param operatorMaxDevices the longest explicit device list an Operator may target
 */
public record AccessPolicy(int operatorMaxDevices) {
    /** App setting for {@link #operatorMaxDevices}; default {@value #DEFAULT_OPERATOR_MAX_DEVICES}. */
    public static final String OPERATOR_MAX_DEVICES = "FLEETOPS_OPERATOR_MAX_DEVICES";

    public static final int DEFAULT_OPERATOR_MAX_DEVICES = 100;
    /** The most devices an explicit target may list (the bound of {@code FleetOperationRequest}). */
    public static final int MAX_DEVICES = 10_000;

    public static final List<String> NAMES = List.of(OPERATOR_MAX_DEVICES);

    public AccessPolicy {
        if (operatorMaxDevices < 1 || operatorMaxDevices > MAX_DEVICES) {
            throw new IllegalArgumentException(
                    "'operatorMaxDevices' must be 1-" + MAX_DEVICES + ", was " + operatorMaxDevices);
        }
    }

    public static Parsed<AccessPolicy> from(Map<String, String> env) {
        String raw = env.get(OPERATOR_MAX_DEVICES);
        if (raw == null || raw.isBlank()) {
            return new Parsed.Valid<>(new AccessPolicy(DEFAULT_OPERATOR_MAX_DEVICES));
        }
        try {
            return new Parsed.Valid<>(new AccessPolicy(Integer.parseInt(raw.strip())));
        } catch (IllegalArgumentException e) {
            return new Parsed.Invalid<>(
                    List.of(new FieldError(OPERATOR_MAX_DEVICES, "must be a whole number from 1 to " + MAX_DEVICES)));
        }
    }

    /** True unless the function is anonymous: the caller must be authenticated before {@link #decide} is asked. */
    public static boolean requiresPrincipal(String function) {
        return !(AccessRules.BY_FUNCTION.get(function) instanceof AccessRule.Anonymous);
    }

    /**
     * The check at the door, before the request is read: the function's rule, or for a rule that depends on the
     * operation, the least any operation needs ({@link Role#OPERATOR}). A caller who passes it may still be refused
     * by {@link #decide(String, Principal, OperationScope)} once the operation is known.
     */
    public AccessDecision admits(String function, Principal principal) {
        AccessRule rule = AccessRules.BY_FUNCTION.get(Objects.requireNonNull(function, "'function' cannot be null."));
        if (!(rule instanceof AccessRule.ByOperationScope)) {
            return decide(function, principal, null);
        }
        if (principal != null && principal.has(Role.OPERATOR)) {
            return new AccessDecision.Allowed();
        }
        return new AccessDecision.Forbidden(
                Role.OPERATOR,
                function + " needs at least " + Role.OPERATOR.appRole()
                        + (principal == null ? "; the caller is not authenticated" : ""));
    }

    /** For functions whose rule does not depend on an operation. */
    public AccessDecision decide(String function, Principal principal) {
        return decide(function, principal, null);
    }

    /**
     * @param principal the authenticated caller; null when there is none (allowed only for anonymous functions)
     * @param scope     the operation concerned, for {@link AccessRule.ByOperationScope} functions: the request's for
     *                  CreateOperation, the stored operation's for RetryFailedOperation. Without it the strictest
     *                  requirement applies.
     */
    public AccessDecision decide(String function, Principal principal, OperationScope scope) {
        AccessRule rule = AccessRules.BY_FUNCTION.get(Objects.requireNonNull(function, "'function' cannot be null."));
        if (rule == null || rule instanceof AccessRule.NoHttp) {
            return new AccessDecision.Unlisted(function);
        }
        if (rule instanceof AccessRule.Anonymous) {
            return new AccessDecision.Allowed();
        }
        Requirement need = rule instanceof AccessRule.AtLeast at
                ? new Requirement(at.role(), function + " needs " + at.role().appRole())
                : operation(scope);
        if (principal == null) {
            return new AccessDecision.Forbidden(need.role(), need.reason() + "; the caller is not authenticated");
        }
        return principal.has(need.role())
                ? new AccessDecision.Allowed()
                : new AccessDecision.Forbidden(need.role(), need.reason());
    }

    private Requirement operation(OperationScope scope) {
        if (scope == null) {
            return new Requirement(Role.ADMIN, "an operation whose scope is unknown needs " + Role.ADMIN.appRole());
        }
        if (scope.action().isDestructive()) {
            return new Requirement(
                    Role.ADMIN,
                    "a " + scope.action().methodName() + " destroys device data and needs " + Role.ADMIN.appRole());
        }
        if (scope.target() == OperationScope.TargetKind.FILTER) {
            return new Requirement(Role.ADMIN, "an operation targeting a filter needs " + Role.ADMIN.appRole());
        }
        if (scope.deviceCount() > operatorMaxDevices) {
            return new Requirement(
                    Role.ADMIN,
                    "an operation on more than " + operatorMaxDevices + " devices needs " + Role.ADMIN.appRole());
        }
        return new Requirement(
                Role.OPERATOR,
                "an operation on up to " + operatorMaxDevices + " listed devices needs " + Role.OPERATOR.appRole());
    }

    private record Requirement(Role role, String reason) {}
}
