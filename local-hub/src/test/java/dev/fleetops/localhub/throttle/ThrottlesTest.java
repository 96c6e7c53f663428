package dev.fleetops.localhub.throttle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleetops.localhub.errors.HubException;
import dev.fleetops.localhub.hub.HubGate.Operation;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The bucket math with a simulated clock: a 30-second burst offered far above each limit. */
class ThrottlesTest {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    /** Offers {@code offeredPerSecond} operations for {@code seconds}, evenly spaced; returns how many were admitted. */
    private long burst(Throttles t, Operation op, long payloadBytes, int offeredPerSecond, int seconds) {
        long step = 1_000_000_000L / offeredPerSecond;
        long admitted = 0;
        for (long i = 0; i < (long) offeredPerSecond * seconds; i++) {
            try {
                t.admit(op, payloadBytes);
                admitted++;
            } catch (HubException e) {
                assertEquals(429001, e.errorCode());
                assertEquals(429, e.status());
            }
            now.addAndGet(step);
        }
        return admitted;
    }

    private static void assertWithin(double expected, double actual, double fraction, String what) {
        assertTrue(
                Math.abs(actual - expected) <= expected * fraction,
                what + ": expected " + expected + " within " + fraction * 100 + "%, was " + actual);
    }

    @Test
    void s1LimitsHoldWithinTwoPercentOverAThirtySecondBurst() {
        Throttles t = new Throttles(Sku.S1, 1, now::get);
        assertWithin(100 * 30, burst(t, Operation.TWIN_READ, 0, 2000, 30), 0.02, "twin reads");
        assertWithin(50 * 30, burst(t, Operation.TWIN_UPDATE, 0, 2000, 30), 0.02, "twin updates");
        assertWithin(10 * 30, burst(t, Operation.JOB_DEVICE, 0, 2000, 30), 0.02, "job device operations");
        // 160 KB/s with the 4 KB meter: 40 small calls per second, or 10 calls of 16 KB
        assertWithin(40 * 30, burst(t, Operation.METHOD, 100, 2000, 30), 0.02, "small method calls");
        assertWithin(10 * 30, burst(t, Operation.METHOD, 16 * 1024, 2000, 30), 0.02, "16 KB method calls");
    }

    @Test
    void perMinuteLimitsHoldOverTenMinutes() {
        Throttles t = new Throttles(Sku.S1, 2, now::get);
        // 20 queries/min/unit and 100 registry operations/min/unit; a one-operation burst allowance
        assertWithin(2 * 20 * 10, burst(t, Operation.QUERY, 0, 50, 600), 0.01, "queries");
        assertWithin(2 * 100 * 10, burst(t, Operation.REGISTRY, 0, 50, 600), 0.01, "registry operations");
    }

    @Test
    void unitsScaleTheLimitsAsTheTierTableSays() {
        assertEquals(100, Sku.S1.twinReadsPerSecond(10));
        assertEquals(200, Sku.S2.twinReadsPerSecond(20));
        assertEquals(100, Sku.S2.twinReadsPerSecond(3));
        assertEquals(1500, Sku.S3.twinReadsPerSecond(3));
        assertEquals(120 * 2, Sku.S2.methodUnitsPerSecond(2));
        assertEquals(24 * 1024 / 4, Sku.S3.methodUnitsPerSecond(1));
        assertEquals(5000.0 / 60, Sku.S3.registryOperationsPerSecond(1), 1e-9);
        assertEquals(50, Sku.S3.jobDeviceOperationsPerSecond(1));
        assertThrows(IllegalArgumentException.class, () -> new Throttles(Sku.F1, 2));
        assertThrows(IllegalArgumentException.class, () -> Sku.parse("B1"));
    }

    @Test
    void methodCallsAreMeteredInFourKilobyteUnitsAndALargeCallStillPasses() {
        assertEquals(1, Throttles.methodUnits(0));
        assertEquals(1, Throttles.methodUnits(4096));
        assertEquals(2, Throttles.methodUnits(4097));
        assertEquals(32, Throttles.methodUnits(128 * 1024));
        Throttles t = new Throttles(Sku.S1, 1, now::get);
        t.admit(Operation.METHOD, 128 * 1024); // larger than the bucket, admitted when it is full
        assertThrows(HubException.class, () -> t.admit(Operation.METHOD, 10));
        now.addAndGet(500_000_000L); // half a second refills 20 of the 32 units owed
        assertThrows(HubException.class, () -> t.admit(Operation.METHOD, 10));
        now.addAndGet(400_000_000L);
        t.admit(Operation.METHOD, 10);
    }

    @Test
    void operationsOutsideTheTableAreNeverThrottledAndClassesAreIndependent() {
        Throttles t = new Throttles(Sku.S1, 1, now::get);
        for (int i = 0; i < 10_000; i++) {
            t.admit(Operation.OTHER, 0);
        }
        while (t.bucket(Operation.TWIN_UPDATE).tryAcquire()) {
            // empty the twin update bucket
        }
        assertFalse(t.bucket(Operation.TWIN_UPDATE).tryAcquire());
        assertTrue(t.bucket(Operation.TWIN_READ).tryAcquire());
        assertTrue(t.jobDeviceOperations().tryAcquire());
    }
}
