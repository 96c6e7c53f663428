package dev.fleetops.functions.timer;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.TimerTrigger;
import dev.fleetops.core.operations.OperationCommands;
import dev.fleetops.core.operations.RolloutTicker;
import java.util.List;
import java.util.function.Supplier;

/**
 * Every {@code %ROLLOUT_SCHEDULE%}: one reconciliation tick of each active fleet operation. Ticks are
 * idempotent and guarded by etags, so overlapping or repeated runs cannot dispatch a device twice.
 * Each tick logs one {@link OperationEvents} line per operation for operators' queries.
 */
public final class RolloutTimerFunction {
    private final Supplier<RolloutTicker> ticker;
    private final Supplier<OperationCommands> operations;

    public RolloutTimerFunction(Supplier<RolloutTicker> ticker, Supplier<OperationCommands> operations) {
        this.ticker = ticker;
        this.operations = operations;
    }

    @FunctionName("RolloutTimer")
    public void run(@TimerTrigger(name = "timer", schedule = "%ROLLOUT_SCHEDULE%") String timerInfo, ExecutionContext context) {
        List<RolloutTicker.TickReport> reports = ticker.get().tickAll();
        for (RolloutTicker.TickReport r : reports) {
            if (!r.events().isEmpty()) {
                context.getLogger().info("rollout " + r.id() + " events=" + r.events());
            }
        }
        OperationEvents.log(context.getLogger(), reports, id -> operations.get().get(id));
    }
}
