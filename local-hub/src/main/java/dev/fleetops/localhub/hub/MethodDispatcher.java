package dev.fleetops.localhub.hub;

import dev.fleetops.localhub.errors.ErrorCodes;
import dev.fleetops.localhub.errors.HubException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Correlates direct-method requests with device responses by request id ({@code $rid}) and enforces
 * the connect and response timeouts exactly as IoT Hub reports them (404103, 504101).
 */
final class MethodDispatcher {
    private static final long CONNECT_POLL_MILLIS = 50;

    private record Pending(String deviceId, CompletableFuture<MethodResult> future) {}

    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final AtomicLong nextId = new AtomicLong(1);
    private final ScheduledExecutorService scheduler;

    MethodDispatcher(ScheduledExecutorService scheduler) {
        this.scheduler = scheduler;
    }

    /**
     * @param linkLookup returns the device's link if it is connected and subscribed to methods, else null
     */
    CompletableFuture<MethodResult> invoke(
            String deviceId,
            String methodName,
            byte[] payload,
            Duration responseTimeout,
            Duration connectTimeout,
            Supplier<DeviceLink> linkLookup) {
        CompletableFuture<MethodResult> result = new CompletableFuture<>();
        long connectDeadline = System.nanoTime() + connectTimeout.toNanos();
        attempt(deviceId, methodName, payload, responseTimeout, connectDeadline, linkLookup, result);
        return result;
    }

    private void attempt(
            String deviceId,
            String methodName,
            byte[] payload,
            Duration responseTimeout,
            long connectDeadline,
            Supplier<DeviceLink> linkLookup,
            CompletableFuture<MethodResult> result) {
        DeviceLink link = linkLookup.get();
        if (link == null) {
            if (System.nanoTime() >= connectDeadline) {
                result.completeExceptionally(
                        new HubException(ErrorCodes.DEVICE_NOT_ONLINE, "Timed out waiting for device to connect."));
            } else {
                scheduler.schedule(
                        () -> attempt(
                                deviceId, methodName, payload, responseTimeout, connectDeadline, linkLookup, result),
                        CONNECT_POLL_MILLIS,
                        TimeUnit.MILLISECONDS);
            }
            return;
        }
        String rid = Long.toHexString(nextId.getAndIncrement());
        pending.put(rid, new Pending(deviceId, result));
        scheduler.schedule(
                () -> {
                    if (pending.remove(rid) != null) {
                        result.completeExceptionally(new HubException(
                                ErrorCodes.GATEWAY_TIMEOUT, "Timed out waiting for the response from device."));
                    }
                },
                responseTimeout.toMillis(),
                TimeUnit.MILLISECONDS);
        try {
            link.sendMethodRequest(methodName, rid, payload);
        } catch (RuntimeException e) {
            pending.remove(rid);
            result.completeExceptionally(new HubException(ErrorCodes.DEVICE_NOT_ONLINE, "Device disconnected."));
        }
    }

    /** Completes the request {@code rid} if it is pending for {@code deviceId}; stray responses are ignored. */
    boolean complete(String deviceId, String rid, MethodResult response) {
        Pending p = pending.get(rid);
        if (p == null || !p.deviceId().equals(deviceId)) {
            return false;
        }
        pending.remove(rid);
        return p.future().complete(response);
    }

    int pendingCount() {
        return pending.size();
    }
}
