package dev.fleetops.device.agent;

import com.google.gson.JsonElement;
import dev.fleetops.contract.DmMethod;
import dev.fleetops.contract.FactoryResetRequest;
import dev.fleetops.contract.FirmwareUpdateRequest;
import dev.fleetops.contract.Parsed;
import dev.fleetops.contract.RebootRequest;
import dev.fleetops.device.action.ActionContext;
import dev.fleetops.device.state.DeviceState;
import dev.fleetops.device.state.LiveState;
import dev.fleetops.device.transport.MethodResult;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers direct methods: parse (tolerating unknown fields), decide, persist an accepted operation,
 * hand it to the action thread, answer. Runs on a transport thread and never waits on the network.
 */
final class MethodDispatcher {
    private static final Logger LOG = LoggerFactory.getLogger(MethodDispatcher.class);

    private final ActionContext ctx;
    private final RequestDecider decider;
    private final Executor actions;
    private final Consumer<Decision.Accept> runner;

    /** @param runner runs an accepted operation; called on {@code actions} */
    MethodDispatcher(ActionContext ctx, RequestDecider decider, Executor actions, Consumer<Decision.Accept> runner) {
        this.ctx = ctx;
        this.decider = decider;
        this.actions = actions;
        this.runner = runner;
    }

    MethodResult handle(String name, JsonElement payload) {
        DmMethod method = DmMethod.fromMethodName(name).orElse(null);
        if (method == null) {
            return Answers.unknownMethod(name);
        }
        Parsed<?> parsed = switch (method) {
            case REBOOT -> RebootRequest.parse(payload, false);
            case FACTORY_RESET -> FactoryResetRequest.parse(payload, false);
            case FIRMWARE_UPDATE -> FirmwareUpdateRequest.parse(payload, false);
        };
        Decision d;
        try {
            d = decideAndRecord(method, parsed);
        } catch (RuntimeException e) {
            LOG.error("cannot handle {}", name, e);
            return Answers.deviceError(null, "device could not record the request: " + e.getMessage());
        }
        LOG.info("{} -> {}", name, d.getClass().getSimpleName());
        return Answers.of(d);
    }

    // Deciding and persisting happen under the state lock, so two requests can never both be accepted,
    // and an operation is on disk before the caller hears "accepted".
    private Decision decideAndRecord(DmMethod method, Parsed<?> parsed) {
        LiveState live = ctx.live();
        synchronized (live) {
            String now = ctx.now();
            Decision d = decider.decide(live.get(), method, parsed, now);
            if (d instanceof Decision.Accept a) {
                live.update(s -> s.withCurrent(a.operation()).audited(now,
                        method.methodName() + " accepted (" + a.operation().operationId() + ")"));
                actions.execute(() -> runner.accept(a));
            } else if (d instanceof Decision.Current c) {
                DeviceState saved = live.update(s -> CurrentFirmware.record(s, c, now));
                actions.execute(() -> ctx.reporter().send(CurrentFirmware.patch(saved)));
            }
            return d;
        }
    }
}
