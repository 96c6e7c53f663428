package dev.fleetops.device.agent;

import dev.fleetops.contract.Action;
import dev.fleetops.contract.ActionRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The actions a device answers, each with its {@link ActionHandler}. */
public final class ActionHandlers {
    /** What a FleetOps device does: every action of {@link Action#all()}. */
    public static final ActionHandlers STANDARD =
            new ActionHandlers(List.of(new RebootHandler(), new FactoryResetHandler(), new FirmwareUpdateHandler()));

    private final List<ActionHandler<?>> handlers;

    public ActionHandlers(List<ActionHandler<?>> handlers) {
        List<String> seen = new ArrayList<>();
        for (ActionHandler<?> h : handlers) {
            if (seen.contains(h.action().methodName())) {
                throw new IllegalArgumentException("two handlers for " + h.action());
            }
            seen.add(h.action().methodName());
        }
        this.handlers = List.copyOf(handlers);
    }

    /** These handlers and {@code extra}, e.g. an action that is not one of {@link Action#all()}. */
    public ActionHandlers with(ActionHandler<?> extra) {
        List<ActionHandler<?>> all = new ArrayList<>(handlers);
        all.add(extra);
        return new ActionHandlers(all);
    }

    /** The handler of the action whose method is {@code methodName}. */
    public Optional<ActionHandler<?>> forMethod(String methodName) {
        for (ActionHandler<?> h : handlers) {
            if (h.action().methodName().equals(methodName)) {
                return Optional.of(h);
            }
        }
        return Optional.empty();
    }

    /** Calls {@code each} with every handler, in registration order. */
    public void forEach(java.util.function.Consumer<ActionHandler<?>> each) {
        handlers.forEach(each);
    }

    /** The handler of {@code action}; every operation a device holds was accepted by one of these. */
    @SuppressWarnings("unchecked")
    public <Q extends ActionRequest> ActionHandler<Q> of(Action<Q, ?> action) {
        for (ActionHandler<?> h : handlers) {
            if (h.action() == action) {
                return (ActionHandler<Q>) h;
            }
        }
        throw new IllegalStateException("no handler for " + action);
    }
}
