package dev.fleetops.functions.timer;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.TimerTrigger;
import dev.fleetops.core.rollout.RolloutEvent;
import dev.fleetops.core.rollout.service.RolloutControl;
import dev.fleetops.core.rollout.service.RolloutSummary;
import dev.fleetops.core.rollout.service.RolloutTicker;
import dev.fleetops.functions.telemetry.ApplicationInsightsTelemetry;
import dev.fleetops.functions.telemetry.RolloutTelemetryRecorder;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.logging.Level;

/**
 * Every {@code %ROLLOUT_SCHEDULE%}: one reconciliation tick of each active fleet operation. Ticks are
 * idempotent and guarded by etags, so overlapping or repeated runs cannot dispatch a device twice.
 * Each tick logs one {@link RolloutTickLog} line per operation for operators' queries and sends the
 * operation's metrics and decisions to Application Insights ({@link RolloutTelemetryRecorder}).
 */
public final class RolloutTimerFunction {
    private final Supplier<RolloutTicker> ticker;
    private final Supplier<RolloutControl> operations;
    private final RolloutTelemetryRecorder telemetry;

    public RolloutTimerFunction(Supplier<RolloutTicker> ticker, Supplier<RolloutControl> operations) {
        this(ticker, operations, new RolloutTelemetryRecorder(new ApplicationInsightsTelemetry()));
    }

    public RolloutTimerFunction(
            Supplier<RolloutTicker> ticker, Supplier<RolloutControl> operations, RolloutTelemetryRecorder telemetry) {
        this.ticker = ticker;
        this.operations = operations;
        this.telemetry = telemetry;
    }

    @FunctionName("RolloutTimer")
    public void run(
            @TimerTrigger(name = "timer", schedule = "%ROLLOUT_SCHEDULE%") String timerInfo, ExecutionContext context) {
        TimerRuns.run(context, () -> tick(context));
    }

    private void tick(ExecutionContext context) {
        List<RolloutTicker.TickReport> reports = ticker.get().tickAll();
        for (RolloutTicker.TickReport r : reports) {
            if (!r.events().isEmpty()) {
                context.getLogger()
                        .info("rollout " + r.id() + " events="
                                + r.events().stream().map(RolloutEvent::text).toList());
            }
        }
        // One summary read per operation serves both the log line and the telemetry.
        Map<String, Optional<RolloutSummary>> read = new HashMap<>();
        Function<String, Optional<RolloutSummary>> summaries =
                id -> read.computeIfAbsent(id, k -> operations.get().get(k));
        RolloutTickLog.log(context.getLogger(), reports, summaries);
        try {
            telemetry.record(reports, summaries);
        } catch (RuntimeException e) {
            // Telemetry must never fail a tick: the decisions are already saved.
            context.getLogger().log(Level.WARNING, "operation telemetry failed: " + e);
        }
    }
}
