package dev.fleetops.core.rollout.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Pacing below the hub's method throttle, on a fake clock. */
class DispatchPacerTest {
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final List<Long> sentAt = new ArrayList<>();
    private final DispatchPacer pacer = new DispatchPacer(40, nanos::get, n -> nanos.addAndGet(n));

    private void send(int n) throws InterruptedException {
        for (int i = 0; i < n; i++) {
            pacer.acquire();
            sentAt.add(nanos.get());
        }
    }

    @Test
    void callsAreSpacedEvenlyAtTheRate() throws InterruptedException {
        send(41);
        assertEquals(1_000_000_000L, sentAt.get(40) - sentAt.get(0), "40 intervals of 25 ms");
    }

    @Test
    void anIdlePacerSavesUpNoBurst() throws InterruptedException {
        send(1);
        nanos.addAndGet(5_000_000_000L);
        send(3);
        assertEquals(50_000_000L, sentAt.get(3) - sentAt.get(1), "after a pause the calls are still 25 ms apart");
    }

    @Test
    void a429StopsEveryoneForAGrowingPauseThatResetsOnSuccess() throws InterruptedException {
        send(1);
        pacer.throttled(null);
        send(1);
        assertEquals(DispatchPacer.FIRST_BACKOFF.toNanos(), sentAt.get(1) - sentAt.get(0));
        pacer.throttled(null);
        send(1);
        assertEquals(
                2 * DispatchPacer.FIRST_BACKOFF.toNanos(),
                sentAt.get(2) - sentAt.get(1),
                "doubles while 429s continue");
        pacer.succeeded();
        pacer.throttled(Duration.ofSeconds(3));
        send(1);
        assertEquals(3_000_000_000L, sentAt.get(3) - sentAt.get(2), "the hub's Retry-After wins when longer");
    }

    @Test
    void aBurstOf429sFromCallsAlreadyInFlightIsOnePauseNotTen() throws InterruptedException {
        send(1);
        for (int i = 0; i < 10; i++) {
            pacer.throttled(null); // ten calls sent before the pause, answered 429 together
            nanos.addAndGet(1_000_000); // a millisecond apart
        }
        send(1);
        assertEquals(
                9_000_000 + DispatchPacer.FIRST_BACKOFF.toNanos(),
                sentAt.get(1) - sentAt.get(0),
                "the first step of backoff after the burst's last 429, not ten doublings (the 10 s maximum)");
        pacer.throttled(null); // a call sent after the pause is throttled again: now it grows
        send(1);
        assertEquals(2 * DispatchPacer.FIRST_BACKOFF.toNanos(), sentAt.get(2) - sentAt.get(1));
    }

    @Test
    void theSkuSetsTheRateAndATickItsShare() {
        DispatchPacer s1 = DispatchPacer.forHub(HubSku.S1, 1, 0.95);
        assertEquals(38.0, s1.perSecond(), 1e-9);
        assertEquals(950, s1.callsIn(Duration.ofSeconds(25)));
        assertEquals(240.0, HubSku.S2.methodsPerSecond(2), 1e-9);
        assertEquals(Integer.MAX_VALUE, DispatchPacer.UNLIMITED.callsIn(Duration.ofSeconds(25)));
        assertThrows(IllegalArgumentException.class, () -> HubSku.S1.methodsPerSecond(0));
        assertEquals(HubSku.S3, HubSku.parse(" s3 ").orElseThrow());
    }
}
