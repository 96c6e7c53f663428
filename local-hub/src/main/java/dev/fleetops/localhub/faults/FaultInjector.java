package dev.fleetops.localhub.faults;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.fleetops.localhub.errors.HubException;
import dev.fleetops.localhub.hub.Hub;
import dev.fleetops.localhub.hub.HubGate;
import dev.fleetops.localhub.hub.HubGate.Operation;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Faults for end-to-end tests and benchmarks, injected into a running hub (Java API here, REST API under
 * {@code /admin/faults}):
 * <ul>
 *   <li>latency on direct-method calls or twin operations of the service API;</li>
 *   <li>fail the next N service calls with a chosen status and error code;</li>
 *   <li>drop one device's connection or all of them;</li>
 *   <li>swallow a device's method responses, so its calls time out (504101);</li>
 *   <li>pause the hub: service calls wait until {@link #resume()} (at most {@code maxPause}, then 503 / 503001),
 *       device twin requests are answered 503 / 503001, telemetry is still accepted.</li>
 * </ul>
 * Thread-safe; every setting applies from the next operation on.
 */
public final class FaultInjector implements HubGate, AutoCloseable {
    /** Longest a paused service call waits by default before it gets 503001. */
    public static final Duration DEFAULT_MAX_PAUSE = Duration.ofSeconds(60);

    public static final int SERVICE_UNAVAILABLE = 503001;

    private final Hub hub;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "local-hub-faults");
        t.setDaemon(true);
        return t;
    });
    private final AtomicLong methodLatencyMillis = new AtomicLong();
    private final AtomicLong twinLatencyMillis = new AtomicLong();
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private volatile int failureCode;
    private volatile String failureMessage;
    private final Set<String> silentDevices = ConcurrentHashMap.newKeySet();
    private final Object pauseLock = new Object();
    private CompletableFuture<Void> resumed;
    private volatile Duration maxPause = DEFAULT_MAX_PAUSE;
    /** Service calls waiting in a pause right now. */
    private final AtomicInteger heldCalls = new AtomicInteger();

    public FaultInjector(Hub hub) {
        this.hub = hub;
    }

    /** Delays every direct-method call of the service API by {@code latency} before it is sent (zero: none). */
    public FaultInjector methodLatency(Duration latency) {
        methodLatencyMillis.set(checked(latency).toMillis());
        return this;
    }

    /** Delays every twin read and update of the service API ({@code /twins/{id}}) by {@code latency} (zero: none). */
    public FaultInjector twinLatency(Duration latency) {
        twinLatencyMillis.set(checked(latency).toMillis());
        return this;
    }

    /**
     * Fails the next {@code count} service calls (any route but {@code /admin}) with {@code errorCode}, whose first
     * three digits are the HTTP status, e.g. 503001, 500001, 429001.
     */
    public FaultInjector failNext(int count, int errorCode, String message) {
        if (count < 0 || errorCode < 100_000 || errorCode > 999_999 || errorCode / 1000 < 400) {
            throw new IllegalArgumentException(
                    "'count' must be >= 0 and 'errorCode' a 6-digit code of a 4xx or 5xx status");
        }
        this.failureCode = errorCode;
        this.failureMessage = message == null || message.isBlank() ? "Failure injected by the local hub." : message;
        failuresLeft.set(count);
        return this;
    }

    /** Drops a device's connection (MQTT over TCP or WebSocket); its session survives. @return whether it was connected */
    public boolean disconnect(String deviceId) {
        return hub.dropConnection(deviceId, "dropped by fault injection");
    }

    /** Drops every device connection. @return how many were connected */
    public int disconnectAll() {
        return hub.dropAllConnections("dropped by fault injection");
    }

    /** While on, the device's method responses are dropped, so calls to it end in 504101 after their response timeout. */
    public FaultInjector methodTimeouts(String deviceId, boolean on) {
        if (on) {
            silentDevices.add(deviceId);
        } else {
            silentDevices.remove(deviceId);
        }
        return this;
    }

    /** Pauses the hub (see the class comment). */
    public FaultInjector pause() {
        synchronized (pauseLock) {
            if (resumed == null) {
                resumed = new CompletableFuture<>();
            }
        }
        return this;
    }

    /** Resumes a paused hub: waiting service calls proceed in arrival order. */
    public FaultInjector resume() {
        CompletableFuture<Void> r;
        synchronized (pauseLock) {
            r = resumed;
            resumed = null;
        }
        if (r != null) {
            r.complete(null);
        }
        return this;
    }

    public boolean paused() {
        synchronized (pauseLock) {
            return resumed != null;
        }
    }

    /** How many service calls are waiting in a pause right now (tests wait for a call to be held). */
    public int heldCalls() {
        return heldCalls.get();
    }

    /** How long a service call waits in a pause before it gets 503001. */
    public FaultInjector maxPause(Duration d) {
        this.maxPause = checked(d);
        return this;
    }

    /** Removes every fault and resumes the hub. */
    public FaultInjector clear() {
        methodLatencyMillis.set(0);
        twinLatencyMillis.set(0);
        failuresLeft.set(0);
        silentDevices.clear();
        resume();
        return this;
    }

    /** The current settings as JSON (what {@code GET /admin/faults} returns). */
    public JsonObject state() {
        JsonObject o = new JsonObject();
        o.addProperty("methodLatencyMs", methodLatencyMillis.get());
        o.addProperty("twinLatencyMs", twinLatencyMillis.get());
        JsonObject fail = new JsonObject();
        fail.addProperty("remaining", failuresLeft.get());
        fail.addProperty("errorCode", failureCode);
        fail.addProperty("status", failureCode / 1000);
        o.add("failNext", fail);
        JsonArray silent = new JsonArray();
        new TreeSet<>(silentDevices).forEach(silent::add);
        o.add("methodTimeouts", silent);
        o.addProperty("paused", paused());
        o.addProperty("heldCalls", heldCalls());
        o.addProperty("maxPauseMs", maxPause.toMillis());
        return o;
    }

    // ---- HubGate ------------------------------------------------------------------------------

    @Override
    public CompletableFuture<Void> serviceCall(Operation op, String deviceId, long payloadBytes) {
        CompletableFuture<Void> waitForResume;
        synchronized (pauseLock) {
            waitForResume = resumed;
        }
        if (waitForResume == null) {
            return afterPause(op);
        }
        CompletableFuture<Void> out = new CompletableFuture<>();
        heldCalls.incrementAndGet();
        out.whenComplete((v, e) -> heldCalls.decrementAndGet());
        Duration limit = maxPause;
        waitForResume.thenRun(() -> executor.execute(() -> {
            if (!out.isDone()) {
                afterPause(op).whenComplete((v, e) -> {
                    if (e != null) {
                        out.completeExceptionally(e);
                    } else {
                        out.complete(null);
                    }
                });
            }
        }));
        CompletableFuture.delayedExecutor(limit.toMillis(), TimeUnit.MILLISECONDS, executor)
                .execute(() -> out.completeExceptionally(
                        new HubException(SERVICE_UNAVAILABLE, "The hub is paused (fault injection).")));
        return out;
    }

    private CompletableFuture<Void> afterPause(Operation op) {
        if (failuresLeft.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0) {
            return CompletableFuture.failedFuture(new HubException(failureCode, failureMessage));
        }
        long delay = switch (op) {
            case METHOD -> methodLatencyMillis.get();
            case TWIN_READ, TWIN_UPDATE -> twinLatencyMillis.get();
            default -> 0;
        };
        if (delay <= 0) {
            return CompletableFuture.completedFuture(null);
        }
        Executor later = CompletableFuture.delayedExecutor(delay, TimeUnit.MILLISECONDS, executor);
        return CompletableFuture.runAsync(() -> {}, later);
    }

    @Override
    public void deviceCall(Operation op, String deviceId) {
        if (paused()) {
            throw new HubException(SERVICE_UNAVAILABLE, "The hub is paused (fault injection).");
        }
    }

    @Override
    public boolean dropMethodResponse(String deviceId) {
        return silentDevices.contains(deviceId);
    }

    @Override
    public void close() {
        clear();
        executor.shutdownNow();
    }

    private static Duration checked(Duration d) {
        if (d == null || d.isNegative() || d.compareTo(Duration.ofMinutes(10)) > 0) {
            throw new IllegalArgumentException("the duration must be between 0 and 10 minutes");
        }
        return d;
    }
}
