package dev.fleetops.localhub.throttle;

import dev.fleetops.localhub.errors.ErrorCodes;
import dev.fleetops.localhub.errors.HubException;
import dev.fleetops.localhub.hub.HubGate;
import dev.fleetops.localhub.hub.HubGate.Operation;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;

/**
 * IoT Hub's SKU throttles as token buckets, one per operation class, shared by the service API and the devices.
 * Past a limit an operation is refused with 429 / 429001 ThrottlingException ({@code IotHubTooManyRequestsException}
 * in the service SDK; {@code $iothub/twin/res/429/} for device twin requests). Each bucket holds
 * {@link #BURST_SECONDS} of its rate (at least one operation), so a burst at the start of a window can exceed the
 * rate only by that much.
 */
public final class Throttles implements HubGate {
    /** Bucket size in seconds of rate. */
    public static final double BURST_SECONDS = 0.2;
    /** The direct-method meter: payloads are counted in 4 KB units, at least one per call. */
    public static final int METHOD_METER_BYTES = 4096;

    private final Sku sku;
    private final int units;
    private final Map<Operation, TokenBucket> buckets = new EnumMap<>(Operation.class);

    public Throttles(Sku sku, int units) {
        this(sku, units, System::nanoTime);
    }

    public Throttles(Sku sku, int units, LongSupplier nanoTime) {
        if (units < 1 || units > 200 || (sku == Sku.F1 && units != 1)) {
            throw new IllegalArgumentException("'units' must be 1-200 (F1: 1), was " + units);
        }
        this.sku = sku;
        this.units = units;
        buckets.put(Operation.METHOD, bucket(sku.methodUnitsPerSecond(units), nanoTime));
        buckets.put(Operation.TWIN_READ, bucket(sku.twinReadsPerSecond(units), nanoTime));
        buckets.put(Operation.TWIN_UPDATE, bucket(sku.twinUpdatesPerSecond(units), nanoTime));
        buckets.put(Operation.QUERY, bucket(sku.queriesPerSecond(units), nanoTime));
        buckets.put(Operation.REGISTRY, bucket(sku.registryOperationsPerSecond(units), nanoTime));
        buckets.put(Operation.JOB, bucket(sku.jobOperationsPerSecond(units), nanoTime));
        buckets.put(Operation.JOB_DEVICE, bucket(sku.jobDeviceOperationsPerSecond(units), nanoTime));
    }

    private static TokenBucket bucket(double rate, LongSupplier nanoTime) {
        return new TokenBucket(rate, Math.max(1, rate * BURST_SECONDS), nanoTime);
    }

    public Sku sku() {
        return sku;
    }

    public int units() {
        return units;
    }

    /** The bucket of an operation class (null for {@link Operation#OTHER}). */
    public TokenBucket bucket(Operation op) {
        return buckets.get(op);
    }

    /**
     * The job device operations bucket (10/s on S1), for the job engine: {@code tryAcquire()} to refuse,
     * or {@link #acquireJobDeviceOperation()} to wait.
     */
    public TokenBucket jobDeviceOperations() {
        return buckets.get(Operation.JOB_DEVICE);
    }

    /** Blocks until a job device operation may run (a drop-in for {@code jobs.DeviceOperationPacer#acquire}). */
    public void acquireJobDeviceOperation() throws InterruptedException {
        TokenBucket b = jobDeviceOperations();
        while (!b.tryAcquire()) {
            long wait = Math.max(1_000_000, b.nanosUntil(1));
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
    }

    /** Meter units of a method call with a payload of {@code bytes}. */
    public static long methodUnits(long bytes) {
        return Math.max(1, (bytes + METHOD_METER_BYTES - 1) / METHOD_METER_BYTES);
    }

    /** @throws HubException 429001 when the operation's bucket is empty */
    public void admit(Operation op, long payloadBytes) {
        TokenBucket b = buckets.get(op);
        if (b == null) {
            return;
        }
        double cost = op == Operation.METHOD ? methodUnits(payloadBytes) : 1;
        if (!b.tryAcquire(cost)) {
            throw new HubException(
                    ErrorCodes.THROTTLED,
                    "Request throttled: the " + sku + " limit for "
                            + op.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + " operations (" + units
                            + " unit"
                            + (units == 1 ? "" : "s") + ") is exceeded. Retry after a while.");
        }
    }

    @Override
    public CompletableFuture<Void> serviceCall(Operation op, String deviceId, long payloadBytes) {
        try {
            admit(op, payloadBytes);
            return CompletableFuture.completedFuture(null);
        } catch (HubException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public void deviceCall(Operation op, String deviceId) {
        admit(op, 0);
    }
}
