package dev.fleetops.functions.timer;

import com.microsoft.azure.functions.ExecutionContext;
import dev.fleetops.core.hub.HubCallException;
import java.util.logging.Level;

/**
 * The edge of a timer function: whatever escapes a run, errors included, is logged with the invocation
 * id and rethrown, so the host records the run as failed and the next schedule retries it.
 */
final class TimerRuns {
    private TimerRuns() {}

    static void run(ExecutionContext context, Runnable run) {
        try {
            run.run();
        } catch (HubCallException e) {
            // Expected while the hub is unreachable or throttling: no stack trace needed.
            context.getLogger()
                    .warning(context.getFunctionName() + " run failed (invocation " + context.getInvocationId() + "): "
                            + e.getMessage());
            throw e;
        } catch (RuntimeException | Error e) {
            context.getLogger()
                    .log(
                            Level.SEVERE,
                            "unexpected " + e.getClass().getName() + " in " + context.getFunctionName()
                                    + " (invocation " + context.getInvocationId() + ")",
                            e);
            throw e;
        }
    }
}
