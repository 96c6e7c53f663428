package dev.fleetops.functions.timer;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.TimerTrigger;
import dev.fleetops.core.event.EventDelivery;
import java.util.function.Supplier;

/**
 * Every {@code %EVENTS_SCHEDULE%}: one delivery run of the events outbox (docs/rollouts.md, "Events"). Separate from
 * the rollout timer, so a slow or failing receiver never holds up a tick; the host runs one timer invocation at a time
 * across instances (a blob lease), so runs do not overlap.
 */
public final class EventDeliveryTimerFunction {
    private final Supplier<EventDelivery> delivery;

    public EventDeliveryTimerFunction(Supplier<EventDelivery> delivery) {
        this.delivery = delivery;
    }

    @FunctionName("EventDelivery")
    public void run(
            @TimerTrigger(name = "timer", schedule = "%EVENTS_SCHEDULE%") String timerInfo, ExecutionContext context) {
        TimerRuns.run(context, () -> {
            EventDelivery.RunReport r = delivery.get().run();
            if (r.read() > 0) {
                context.getLogger()
                        .info("events read=" + r.read() + " sent=" + r.sent() + " delivered=" + r.delivered()
                                + " failed=" + r.failed() + " deadLettered=" + r.deadLettered() + " removed="
                                + r.removed());
            }
        });
    }
}
