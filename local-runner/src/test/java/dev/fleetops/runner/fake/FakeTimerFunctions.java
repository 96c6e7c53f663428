package dev.fleetops.runner.fake;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.TimerTrigger;

/** Timer functions for the runner's tests: one that checks its input, one that fails, one slower than its period. */
public final class FakeTimerFunctions {

    @FunctionName("Tick")
    public void tick(
            @TimerTrigger(name = "timer", schedule = "%TICK_SCHEDULE%") String timerInfo, ExecutionContext context) {
        if (!timerInfo.contains("\"IsPastDue\":false")
                || !context.getFunctionName().equals("Tick")) {
            throw new IllegalStateException("unexpected timer input " + timerInfo);
        }
    }

    /** Its schedule is restricted above the seconds, so the host keeps a schedule monitor and sends ScheduleStatus. */
    @FunctionName("Monitored")
    public void monitored(@TimerTrigger(name = "timer", schedule = "%MONITORED_SCHEDULE%") String timerInfo) {}

    @FunctionName("Crash")
    public void crash(@TimerTrigger(name = "timer", schedule = "*/1 * * * * *") String timerInfo) {
        throw new IllegalStateException("crash on purpose");
    }

    @FunctionName("Slow")
    public void slow(@TimerTrigger(name = "timer", schedule = "*/1 * * * * *") String timerInfo)
            throws InterruptedException {
        Thread.sleep(1300); // the behaviour under test: a run longer than the one-second schedule
    }
}
