package dev.fleetops.functions.http;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpRequestMessage;
import dev.fleetops.core.audit.AuditActor;
import dev.fleetops.core.audit.AuditContext;
import dev.fleetops.core.audit.AuditTarget;
import dev.fleetops.core.audit.Auditor;
import dev.fleetops.core.audit.RequestIds;
import dev.fleetops.core.identity.AccessDecision;
import dev.fleetops.core.identity.AccessPolicy;
import dev.fleetops.core.identity.Authentication;
import dev.fleetops.core.identity.Authenticator;
import dev.fleetops.core.identity.OperationScope;
import dev.fleetops.core.identity.Principal;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The door of every HTTP function: names the caller from the platform ({@link Authenticator}) and asks the route
 * policy ({@link AccessPolicy}) whether it may come in. Nothing else in the app reads identity from a request. Every
 * refusal is audited ({@link #audit}).
 */
public final class AccessGate {
    private final Authenticator authenticator;
    private final AccessPolicy policy;
    private final Supplier<Auditor> audit;

    public AccessGate(Authenticator authenticator, AccessPolicy policy) {
        this(authenticator, policy, () -> Auditor.NONE);
    }

    /** @param audit where refusals are recorded (built on first refusal: storage settings are read then) */
    public AccessGate(Authenticator authenticator, AccessPolicy policy, Supplier<Auditor> audit) {
        this.authenticator = Objects.requireNonNull(authenticator, "'authenticator' cannot be null.");
        this.policy = Objects.requireNonNull(policy, "'policy' cannot be null.");
        this.audit = Objects.requireNonNull(audit, "'audit' cannot be null.");
    }

    /** Whether the caller may run {@code function} at all, before its request is read. */
    public sealed interface Admission {
        /** @param principal the caller; null only for anonymous functions */
        record Admitted(Principal principal) implements Admission {}

        /** @param principal who was turned away, for the log; null when nobody could be named (401) */
        record Refused(Problem problem, Principal principal) implements Admission {}
    }

    public Admission admit(HttpRequestMessage<?> request, String function) {
        Principal principal = null;
        if (AccessPolicy.requiresPrincipal(function)) {
            Authentication who =
                    authenticator.authenticate(headers(request.getHeaders()), headers(request.getQueryParameters()));
            if (who instanceof Authentication.Unauthenticated u) {
                return new Admission.Refused(Problems.unauthenticated(u.detail()), null);
            }
            principal = ((Authentication.Authenticated) who).principal();
        }
        AccessDecision decision = policy.admits(function, principal);
        return decision instanceof AccessDecision.Allowed
                ? new Admission.Admitted(principal)
                : new Admission.Refused(problem(decision), principal);
    }

    /**
     * Records a refusal at the door as a denied audit record: for a 403 the caller (object id, name, kind, roles) and the
     * client's request ids; for a 401, where nobody could be named, only the route, the reason and the invocation id
     * (nothing from the request's headers). A failure to record it is logged; the refusal stands either way.
     */
    void audit(HttpRequestMessage<?> request, ExecutionContext context, String function, Admission.Refused refused) {
        try {
            RequestIds ids = RequestAudit.ids(request, context);
            AuditContext who = new AuditContext(
                    refused.principal() == null ? null : AuditActor.of(refused.principal()),
                    refused.principal() == null ? ids.withoutClientValues() : ids,
                    function,
                    context.getLogger()::warning);
            String path = request.getUri() == null ? null : request.getUri().getPath();
            audit.get()
                    .denied(
                            who,
                            AuditTarget.route(path),
                            refused.problem().status() + " " + refused.problem().code() + ": "
                                    + refused.problem().detail());
        } catch (RuntimeException e) {
            context.getLogger()
                    .warning(function + " refusal not audited (invocation " + context.getInvocationId() + "): " + e);
        }
    }

    /** The second look, for functions whose rule depends on the operation they concern. */
    public AccessDecision decide(String function, Principal principal, OperationScope scope) {
        return policy.decide(function, principal, scope);
    }

    static Problem problem(AccessDecision decision) {
        if (decision instanceof AccessDecision.Forbidden f) {
            return Problems.forbidden(f);
        }
        // Unlisted: a function the policy table lacks is a bug, and refusing is the safe answer.
        return Problems.forbidden(new AccessDecision.Forbidden(
                dev.fleetops.core.identity.Role.ADMIN, "this function is not in the access policy"));
    }

    private static Map<String, String> headers(Map<String, String> m) {
        return m == null ? Map.of() : m;
    }
}
