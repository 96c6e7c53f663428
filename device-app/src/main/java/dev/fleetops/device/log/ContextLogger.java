package dev.fleetops.device.log;

import java.io.PrintStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.slf4j.MDC;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

/**
 * One line per event: {@code time LEVEL [thread] Logger deviceId=… operationId=… message}, the context
 * keys only when set on the logging thread.
 */
final class ContextLogger extends LegacyAbstractLogger {
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSX").withZone(ZoneOffset.UTC);
    private final transient Level threshold;
    private final transient String shortName;

    ContextLogger(String name, Level threshold) {
        this.name = name;
        this.threshold = threshold;
        this.shortName = name.substring(name.lastIndexOf('.') + 1);
    }

    private boolean enabled(Level l) {
        return l.toInt() >= threshold.toInt();
    }

    @Override
    public boolean isTraceEnabled() {
        return enabled(Level.TRACE);
    }

    @Override
    public boolean isDebugEnabled() {
        return enabled(Level.DEBUG);
    }

    @Override
    public boolean isInfoEnabled() {
        return enabled(Level.INFO);
    }

    @Override
    public boolean isWarnEnabled() {
        return enabled(Level.WARN);
    }

    @Override
    public boolean isErrorEnabled() {
        return enabled(Level.ERROR);
    }

    @Override
    protected String getFullyQualifiedCallerName() {
        return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] args, Throwable t) {
        StringBuilder line = new StringBuilder(160);
        line.append(TIME.format(Instant.now()))
                .append(' ')
                .append(level)
                .append(" [")
                .append(Thread.currentThread().getName())
                .append("] ")
                .append(shortName)
                .append(" - ");
        context(line, LogContext.DEVICE_ID);
        context(line, LogContext.OPERATION_ID);
        line.append(MessageFormatter.basicArrayFormat(pattern, args));
        PrintStream err = System.err;
        String trace = null;
        if (t != null) {
            java.io.StringWriter w = new java.io.StringWriter();
            t.printStackTrace(new java.io.PrintWriter(w));
            trace = w.toString().stripTrailing();
        }
        synchronized (err) {
            err.println(line);
            if (trace != null) {
                err.println(trace);
            }
        }
        LogFile.writeIfInstalled(trace == null ? line.toString() : line + "\n" + trace);
    }

    private static void context(StringBuilder line, String key) {
        String v = MDC.get(key);
        if (v != null) {
            line.append(key).append('=').append(v).append(' ');
        }
    }
}
