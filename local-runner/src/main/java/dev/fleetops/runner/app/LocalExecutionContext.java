package dev.fleetops.runner.app;

import com.microsoft.azure.functions.ExecutionContext;
import java.util.UUID;
import java.util.logging.Logger;

/** The {@link ExecutionContext} of one invocation: a fresh invocation id and the {@code Function.<name>} logger. */
public record LocalExecutionContext(String functionName, String invocationId, Logger logger)
        implements ExecutionContext {

    public static LocalExecutionContext create(String functionName) {
        return new LocalExecutionContext(
                functionName, UUID.randomUUID().toString(), Logger.getLogger("Function." + functionName));
    }

    @Override
    public Logger getLogger() {
        return logger;
    }

    @Override
    public String getInvocationId() {
        return invocationId;
    }

    @Override
    public String getFunctionName() {
        return functionName;
    }
}
