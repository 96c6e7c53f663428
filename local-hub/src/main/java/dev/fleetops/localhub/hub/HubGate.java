package dev.fleetops.localhub.hub;

import java.util.concurrent.CompletableFuture;

/**
 * Admission of operations, consulted by both transports before they call the hub: SKU throttles
 * ({@code throttle/}) and injected faults ({@code faults/}) plug in here. The default admits everything.
 */
public interface HubGate {
    /** The operation classes IoT Hub throttles separately; {@link #OTHER} for everything else. */
    enum Operation {
        /** Direct-method invocations, metered in 4 KB units of payload. */
        METHOD,
        /** Twin reads, service ({@code GET /twins/{id}}) and device ({@code $iothub/twin/GET}). */
        TWIN_READ,
        /** Twin updates: service tags/desired and device reported patches. */
        TWIN_UPDATE,
        QUERY,
        /** Identity registry create, get, update, delete. */
        REGISTRY,
        /** Jobs operations (create, get, cancel, list). */
        JOB,
        /** Per-device twin updates and method runs of jobs. */
        JOB_DEVICE,
        OTHER
    }

    /**
     * A service API call is about to run. The future completes when it may (now, or later when a delay or a
     * pause applies) and fails with a {@link dev.fleetops.localhub.errors.HubException} when it is refused (429001 throttled, an injected
     * failure).
     *
     * @param deviceId the device addressed, or null
     * @param payloadBytes the method payload size for {@link Operation#METHOD}, else 0
     */
    default CompletableFuture<Void> serviceCall(Operation op, String deviceId, long payloadBytes) {
        return CompletableFuture.completedFuture(null);
    }

    /** A device request (twin GET or reported PATCH) is about to run. @throws dev.fleetops.localhub.errors.HubException when refused */
    default void deviceCall(Operation op, String deviceId) {}

    /** Whether to drop this device's method response, so that the call times out (504101). */
    default boolean dropMethodResponse(String deviceId) {
        return false;
    }

    HubGate OPEN = new HubGate() {};

    /** {@code first}, then {@code second}: both must admit. */
    static HubGate both(HubGate first, HubGate second) {
        return new HubGate() {
            @Override
            public CompletableFuture<Void> serviceCall(Operation op, String deviceId, long payloadBytes) {
                CompletableFuture<Void> a;
                try {
                    a = first.serviceCall(op, deviceId, payloadBytes);
                } catch (RuntimeException e) {
                    return CompletableFuture.failedFuture(e);
                }
                return a.thenCompose(v -> second.serviceCall(op, deviceId, payloadBytes));
            }

            @Override
            public void deviceCall(Operation op, String deviceId) {
                first.deviceCall(op, deviceId);
                second.deviceCall(op, deviceId);
            }

            @Override
            public boolean dropMethodResponse(String deviceId) {
                return first.dropMethodResponse(deviceId) || second.dropMethodResponse(deviceId);
            }
        };
    }
}
