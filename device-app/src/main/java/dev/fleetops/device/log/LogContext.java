package dev.fleetops.device.log;

import java.util.concurrent.ThreadFactory;
import java.util.function.Supplier;
import org.slf4j.MDC;

/**
 * The MDC keys every device log line carries. Threads owned by one device get its id for their whole
 * life ({@link #deviceThreads}); SDK callback threads and shared pools set it per call
 * ({@link #asDevice}); the action thread adds the operation id while an operation runs.
 */
public final class LogContext {
    public static final String DEVICE_ID = "deviceId";
    public static final String OPERATION_ID = "operationId";

    private LogContext() {}

    /** Runs {@code body} with {@code deviceId} in the MDC, restoring what the thread had before. */
    public static <T> T asDevice(String deviceId, Supplier<T> body) {
        String before = MDC.get(DEVICE_ID);
        put(DEVICE_ID, deviceId);
        try {
            return body.get();
        } finally {
            put(DEVICE_ID, before);
        }
    }

    /** As {@link #asDevice(String, Supplier)} for a body without result. */
    public static void asDevice(String deviceId, Runnable body) {
        asDevice(deviceId, () -> {
            body.run();
            return null;
        });
    }

    /** Sets (or with null clears) the operation id of the current thread. */
    public static void operation(String operationId) {
        put(OPERATION_ID, operationId);
    }

    /** Daemon threads named {@code name} that log as {@code deviceId} for their whole life. */
    public static ThreadFactory deviceThreads(String name, String deviceId) {
        return r -> {
            Thread t = new Thread(
                    () -> {
                        put(DEVICE_ID, deviceId);
                        r.run();
                    },
                    name);
            t.setDaemon(true);
            return t;
        };
    }

    private static void put(String key, String value) {
        if (value == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, value);
        }
    }
}
