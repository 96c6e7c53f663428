package dev.fleetops.functions.timer;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.TimerTrigger;
import dev.fleetops.core.operations.RolloutTicker;
import java.util.function.Supplier;

/**
 * Every {@code %ROLLOUT_SCHEDULE%}: one reconciliation tick of each active fleet operation. Ticks are
 * idempotent and guarded by etags, so overlapping or repeated runs cannot dispatch a device twice.
 */
public final class RolloutTimerFunction {
    private final Supplier<RolloutTicker> ticker;

    public RolloutTimerFunction(Supplier<RolloutTicker> ticker) {
        this.ticker = ticker;
    }

    @FunctionName("RolloutTimer")
    public void run(@TimerTrigger(name = "timer", schedule = "%ROLLOUT_SCHEDULE%") String timerInfo, ExecutionContext context) {
        for (RolloutTicker.TickReport r : ticker.get().tickAll()) {
            context.getLogger().info("rollout " + r.id() + " state=" + r.state() + " dispatched=" + r.dispatched() + " changed=" + r.changed()
                    + (r.skipped() ? " skipped" : "") + (r.events().isEmpty() ? "" : " events=" + r.events()));
        }
    }
}
