package dev.fleetops.localhub.throttle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonParser;
import dev.fleetops.localhub.hub.Hub;
import dev.fleetops.localhub.rest.RestApi;
import dev.fleetops.localhub.rest.RestRequest;
import dev.fleetops.localhub.rest.RestResponse;
import dev.fleetops.localhub.testsupport.TestHub;
import dev.fleetops.testkit.Delays;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The S1 twin-read limit in real time through the REST API (no sockets): 100/s, 429 / 429001 past it. */
class ThrottledRestApiTest {
    private final Hub hub = TestHub.inMemory(10);
    private final RestApi api = new RestApi(hub, Set.of(TestHub.HOST));
    private final String owner = TestHub.serviceToken(hub.policies().get(0), Duration.ofMinutes(10));

    @AfterEach
    void close() {
        hub.close();
    }

    private RestResponse get(String path) {
        return api.handle(new RestRequest(
                        "GET", path, Map.of("api-version", "2021-04-12"), Map.of("authorization", owner), null))
                .join();
    }

    @Test
    void twinReadsAreHeldToTheS1RateWithinThreePercentOverTenSeconds() throws Exception {
        hub.addDevice("d1", null, null, true);
        hub.gate(new Throttles(Sku.S1, 1));
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger throttled = new AtomicInteger();
        AtomicReference<String> otherStatus = new AtomicReference<>();
        AtomicReference<String> throttleBody = new AtomicReference<>();
        long start = System.nanoTime();
        long end = start + 10_000_000_000L;
        Thread[] callers = new Thread[2];
        for (int c = 0; c < callers.length; c++) {
            callers[c] = new Thread(() -> {
                while (System.nanoTime() < end) {
                    RestResponse r = get("/twins/d1");
                    if (r.status() == 200) {
                        ok.incrementAndGet();
                    } else if (r.status() == 429) {
                        throttled.incrementAndGet();
                        throttleBody.set(r.bodyText());
                    } else {
                        otherStatus.set(r.status() + " " + r.bodyText());
                    }
                    try {
                        Delays.simulate(Duration.ofMillis(2)); // the offered load: about 800 per second, 8x the limit
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            callers[c].start();
        }
        for (Thread t : callers) {
            t.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double rate = ok.get() / seconds;
        System.out.printf(
                "S1 twin reads: %d admitted, %d throttled in %.2f s = %.1f/s (limit 100/s)%n",
                ok.get(), throttled.get(), seconds, rate);
        assertEquals(null, otherStatus.get());
        assertTrue(throttled.get() > ok.get(), "the offered load was well above the limit");
        assertTrue(Math.abs(rate - 100) <= 3, "admitted rate " + rate + "/s");
        assertEquals(
                429001,
                JsonParser.parseString(throttleBody.get())
                        .getAsJsonObject()
                        .get("errorCode")
                        .getAsInt());
        // other operation classes have their own buckets
        assertEquals(200, get("/devices/d1").status());
    }
}
