package dev.fleetops.device.agent;

import dev.fleetops.contract.Action;
import dev.fleetops.contract.ActionRequest;
import dev.fleetops.contract.Parsed;
import dev.fleetops.device.state.DeviceState;
import dev.fleetops.device.state.FinishedOperation;
import dev.fleetops.device.state.Operation;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Decides, without side effects, what to do with a parsed direct-method request. Checks run in this
 * order: invalid payload, duplicate operation id, busy, then the action's own {@link ActionHandler#admit}
 * (firmware already current, or accept). Busy comes before current so a running update's report is never
 * overwritten.
 */
public final class RequestDecider {
    private final Supplier<String> newIds;
    private final ActionHandlers handlers;

    /** @param newIds generates an operation id for requests that carry none */
    public RequestDecider(Supplier<String> newIds) {
        this(newIds, ActionHandlers.STANDARD);
    }

    /** @param handlers the actions the device answers */
    public RequestDecider(Supplier<String> newIds, ActionHandlers handlers) {
        this.newIds = newIds;
        this.handlers = handlers;
    }

    /** A fresh operation id for a request that carries none. */
    public String newId() {
        return newIds.get();
    }

    /**
     * @param parsed the result of the action's contract parser ({@link Action#parse})
     * @param now    ISO-8601 time stamped on an accepted operation
     */
    public <Q extends ActionRequest> Decision decide(
            DeviceState state, Action<Q, ?> action, Parsed<Q> parsed, String now) {
        if (parsed instanceof Parsed.Invalid<Q> invalid) {
            return new Decision.Invalid(null, invalid.errors());
        }
        Q request = ((Parsed.Valid<Q>) parsed).value();
        String requestedId = request.operationId();
        if (requestedId != null) {
            Operation running = state.current();
            if (running != null && running.operationId().equals(requestedId)) {
                return new Decision.Duplicate(requestedId, running.status());
            }
            Optional<FinishedOperation> done = state.finished(requestedId);
            if (done.isPresent()) {
                return new Decision.Duplicate(requestedId, done.get().status());
            }
        }
        String id = requestedId != null ? requestedId : newIds.get();
        if (state.current() != null) {
            return new Decision.Busy(id, state.current().operationId());
        }
        @SuppressWarnings("unchecked") // withOperationId returns the request's own type (ActionRequest's contract)
        Q withId = (Q) request.withOperationId(id);
        return handlers.of(action).admit(state, withId, now);
    }
}
