package dev.fleetops.device.log;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Logger;
import org.slf4j.event.Level;
import org.slf4j.helpers.BasicMDCAdapter;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * The device app's SLF4J backend: slf4j-simple's line format plus the MDC keys of {@link LogContext}
 * ({@code deviceId=… operationId=…}), which slf4j-simple cannot print. The fleet simulator runs a
 * thousand devices in one JVM, so a line without its device id is useless there. Levels are read from
 * the same {@code simplelogger.properties} keys ({@code org.slf4j.simpleLogger.defaultLogLevel},
 * {@code org.slf4j.simpleLogger.log.<prefix>}), system properties first; lines go to stderr.
 */
public final class ContextLogProvider implements SLF4JServiceProvider {
    private static final String PREFIX = "org.slf4j.simpleLogger.log.";
    private final Properties settings = new Properties();
    private final ConcurrentMap<String, Logger> loggers = new ConcurrentHashMap<>();
    private final ILoggerFactory factory = name -> loggers.computeIfAbsent(name, n -> new ContextLogger(n, levelOf(n)));
    private final IMarkerFactory markers = new BasicMarkerFactory();
    private final MDCAdapter mdc = new BasicMDCAdapter();

    @Override
    public ILoggerFactory getLoggerFactory() {
        return factory;
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
        return markers;
    }

    @Override
    public MDCAdapter getMDCAdapter() {
        return mdc;
    }

    @Override
    public String getRequestedApiVersion() {
        return "2.0.99";
    }

    @Override
    public void initialize() {
        try (InputStream in =
                ContextLogProvider.class.getClassLoader().getResourceAsStream("simplelogger.properties")) {
            if (in != null) {
                settings.load(in);
            }
        } catch (IOException e) {
            // defaults below
        }
    }

    /** The level of the longest configured prefix of {@code name}, else the default (info). */
    Level levelOf(String name) {
        String n = name;
        while (true) {
            String v = setting(PREFIX + n);
            if (v != null) {
                return parse(v);
            }
            int dot = n.lastIndexOf('.');
            if (dot < 0) {
                String d = setting("org.slf4j.simpleLogger.defaultLogLevel");
                return d == null ? Level.INFO : parse(d);
            }
            n = n.substring(0, dot);
        }
    }

    private String setting(String key) {
        String sys = System.getProperty(key);
        return sys != null ? sys : settings.getProperty(key);
    }

    private static Level parse(String v) {
        return switch (v.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "trace" -> Level.TRACE;
            case "debug" -> Level.DEBUG;
            case "warn" -> Level.WARN;
            case "error", "off" -> Level.ERROR;
            default -> Level.INFO;
        };
    }
}
