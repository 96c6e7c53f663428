package dev.fleetops.core.audit;

import dev.fleetops.core.identity.Principal;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * One request's side of its audit records, built by the HTTP adapter: who is calling, which request it is, which
 * function (the record's {@code action}), and where to report an audit write that failed after the action ran.
 *
 * @param actor null only for the denial of a request nobody could be named for (a 401); services need an actor
 */
public record AuditContext(AuditActor actor, RequestIds request, String action, Consumer<String> warnings) {
    public AuditContext {
        request = request == null ? RequestIds.NONE : request;
        Objects.requireNonNull(action, "'action' cannot be null.");
        warnings = warnings == null ? w -> {} : warnings;
    }

    public static AuditContext of(Principal caller, RequestIds request, String action, Consumer<String> warnings) {
        return new AuditContext(AuditActor.of(caller), request, action, warnings);
    }

    /**
     * For callers without a platform principal (tests, benchmarks, the engine's own commands): the actor is just a
     * label, and the action a generic name.
     */
    public static AuditContext named(String actorLabel, String action) {
        return new AuditContext(new AuditActor(actorLabel, actorLabel, "unknown", null), RequestIds.NONE, action, null);
    }
}
