package dev.fleetops.localhub.hub;

import dev.fleetops.localhub.errors.HubException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;

/**
 * Direct methods as the hub runs them: a method goes to the device's connection once it is connected, subscribed to
 * methods and enabled ({@link MethodDispatcher} correlates the answer and keeps the timeouts, on this part's timer
 * thread); an answer counts as device activity, and the admission gate may drop it (fault injection) so the call
 * times out.
 */
final class DirectMethods implements AutoCloseable {
    private final DeviceRegistry registry;
    private final DeviceConnections connections;
    private final Supplier<HubGate> gate;
    private final ScheduledExecutorService timers;
    private final MethodDispatcher dispatcher;

    DirectMethods(DeviceRegistry registry, DeviceConnections connections, Supplier<HubGate> gate) {
        this.registry = registry;
        this.connections = connections;
        this.gate = gate;
        this.timers = Executors.newScheduledThreadPool(1, r -> {
            Thread t = new Thread(r, "local-hub-timers");
            t.setDaemon(true);
            return t;
        });
        this.dispatcher = new MethodDispatcher(timers);
    }

    /** As {@link Hub#invokeMethod}. */
    CompletableFuture<MethodResult> invoke(
            String deviceId, String methodName, byte[] payload, Duration responseTimeout, Duration connectTimeout) {
        if (!registry.contains(deviceId)) {
            return CompletableFuture.failedFuture(HubException.deviceNotFound(deviceId));
        }
        return dispatcher.invoke(
                deviceId, methodName, payload, responseTimeout, connectTimeout, () -> target(deviceId));
    }

    /** As {@link Hub#methodResponse}. */
    void respond(String deviceId, String requestId, int status, byte[] payload) {
        if (!gate.get().dropMethodResponse(deviceId)) {
            dispatcher.complete(deviceId, requestId, new MethodResult(status, payload));
        }
        connections.touch(deviceId);
    }

    /** The link a method request can go to now, or null: connected, subscribed to methods and enabled. */
    private DeviceLink target(String deviceId) {
        DeviceEntry e = registry.entryOrNull(deviceId);
        if (e == null) {
            return null;
        }
        synchronized (e) {
            return e.link != null && e.link.subscribedToMethods() && e.identity.enabled() ? e.link : null;
        }
    }

    @Override
    public void close() {
        timers.shutdownNow();
    }
}
