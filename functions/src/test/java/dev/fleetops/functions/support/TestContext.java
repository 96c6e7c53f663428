package dev.fleetops.functions.support;

import com.microsoft.azure.functions.ExecutionContext;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** An {@link ExecutionContext} whose logger keeps what the function logged. */
public final class TestContext implements ExecutionContext {
    private final Logger logger = Logger.getAnonymousLogger();
    public final List<LogRecord> records = new ArrayList<>();
    private final String functionName;

    public TestContext(String functionName) {
        this.functionName = functionName;
        logger.setUseParentHandlers(false);
        logger.addHandler(new Handler() {
            @Override
            public void publish(LogRecord record) {
                records.add(record);
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        });
    }

    public String logText() {
        StringBuilder sb = new StringBuilder();
        for (LogRecord r : records) {
            sb.append(r.getLevel()).append(' ').append(r.getMessage()).append('\n');
        }
        return sb.toString();
    }

    @Override
    public Logger getLogger() {
        return logger;
    }

    @Override
    public String getInvocationId() {
        return "inv-1";
    }

    @Override
    public String getFunctionName() {
        return functionName;
    }
}
