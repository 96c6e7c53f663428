package dev.fleetops.core.rollout.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class DispatchWindowTest {
    @Test
    void theFirstTickAssumesSlowDevicesSoItStartsAtTheLimit() {
        // S1×1 at 95 %: 38 calls/s; 3 s per call, 1.5 headroom: 171 in flight.
        DispatchWindow w = new DispatchWindow(512, 38, Duration.ofSeconds(3));
        assertEquals(171, w.size());
    }

    @Test
    void theWindowFollowsRateTimesObservedLatencyWithinItsCap() {
        DispatchWindow w = new DispatchWindow(512, 40, Duration.ofSeconds(3));
        for (int i = 0; i < 500; i++) {
            w.observe(Duration.ofMillis(100));
        }
        assertEquals(6, w.size(), "quick devices: 40/s × 0.1 s × 1.5");
        for (int i = 0; i < 500; i++) {
            w.observe(Duration.ofMillis(1750));
        }
        assertEquals(105, w.size(), "0.5–3 s devices: 40/s × 1.75 s × 1.5");
        DispatchWindow s2 = new DispatchWindow(512, 600, Duration.ofSeconds(3));
        assertEquals(512, s2.size(), "S2×5 at 3 s would want 2,700; the cap holds");
        assertEquals(64, DispatchWindow.fixed(64).size(), "fixed ignores latency");
    }

    @Test
    void oneOutlierMovesTheWindowLittle() {
        DispatchWindow w = new DispatchWindow(512, 40, Duration.ofSeconds(1));
        int before = w.size();
        w.observe(Duration.ofSeconds(10));
        assertTrue(w.size() < before * 1.5, w.size() + " vs " + before);
    }

    @Test
    void aCallerWaitsWhileTheWindowIsFullAndGoesOnWhenACallEnds() throws Exception {
        DispatchWindow w = DispatchWindow.fixed(2);
        w.acquire();
        w.acquire();
        AtomicBoolean third = new AtomicBoolean();
        CountDownLatch started = new CountDownLatch(1);
        Thread t = new Thread(() -> {
            started.countDown();
            try {
                w.acquire();
                third.set(true);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        t.start();
        started.await();
        t.join(200);
        assertFalse(third.get(), "the window is full");
        w.release();
        t.join(TimeUnit.SECONDS.toMillis(5));
        assertTrue(third.get());
        assertEquals(2, w.inFlight());
    }
}
