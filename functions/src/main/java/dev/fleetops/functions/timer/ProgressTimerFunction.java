package dev.fleetops.functions.timer;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.TimerTrigger;
import dev.fleetops.core.progress.ProgressService;
import dev.fleetops.core.progress.ProgressSummary;
import java.util.function.Supplier;

/**
 * Every {@code %PROGRESS_SCHEDULE%}: summarize device-management progress across the fleet and store
 * the summary in Blob storage. A failed run stores nothing and is retried by the next tick.
 */
public final class ProgressTimerFunction {
    private final Supplier<ProgressService> service;

    public ProgressTimerFunction(Supplier<ProgressService> service) {
        this.service = service;
    }

    @FunctionName("ProgressTimer")
    public void run(
            @TimerTrigger(name = "timer", schedule = "%PROGRESS_SCHEDULE%") String timerInfo,
            ExecutionContext context) {
        TimerRuns.run(context, () -> {
            ProgressSummary summary = service.get().run();
            context.getLogger().info(summary.digest());
        });
    }
}
