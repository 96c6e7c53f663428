package dev.fleetops.core.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeliveryPolicyTest {
    private static final Instant T0 = Instant.parse("2026-06-01T00:00:00Z");
    private final DeliveryPolicy policy = DeliveryPolicy.DEFAULTS;

    @Test
    void backoffDoublesFromTenSecondsToAnHour() {
        List<Long> waits = new ArrayList<>();
        for (int n = 1; n <= 11; n++) {
            waits.add(policy.backoff(n).toSeconds());
        }
        assertEquals(List.of(10L, 20L, 40L, 80L, 160L, 320L, 640L, 1280L, 2560L, 3600L, 3600L), waits);
    }

    @Test
    void aFailedSendIsRetriedAfterItsBackoffAndDeadLetteredAtTheLastAttempt() {
        Delivery d = Delivery.NEW;
        Instant now = T0;
        for (int n = 1; n < policy.maxAttempts(); n++) {
            DeliveryPolicy.AfterFailure next = policy.afterFailure(d, T0, now, "HTTP 500", null);
            d = assertInstanceOf(DeliveryPolicy.AfterFailure.Retry.class, next, "attempt " + n)
                    .delivery();
            assertEquals(n, d.attempts());
            assertEquals(now.plus(policy.backoff(n)), d.nextAttemptAt());
            now = d.nextAttemptAt();
        }
        DeliveryPolicy.AfterFailure last = policy.afterFailure(d, T0, now, "HTTP 500", null);
        DeliveryPolicy.AfterFailure.DeadLetter dead =
                assertInstanceOf(DeliveryPolicy.AfterFailure.DeadLetter.class, last);
        assertTrue(dead.delivery().done());
        assertEquals(10, dead.delivery().attempts());
        assertTrue(dead.reason().contains("10 attempts"), dead.reason());
    }

    @Test
    void anEventOlderThanTheMaximumAgeIsDeadLetteredWhateverItsAttempts() {
        Instant late = T0.plus(Duration.ofHours(23).plusMinutes(59).plusSeconds(55));
        DeliveryPolicy.AfterFailure next = policy.afterFailure(Delivery.NEW, T0, late, "timeout", null);
        assertInstanceOf(DeliveryPolicy.AfterFailure.DeadLetter.class, next);
        assertTrue(policy.expired(T0, T0.plus(Duration.ofHours(24))));
    }

    @Test
    void retryAfterIsHonouredUpToTheCap() {
        Delivery d = ((DeliveryPolicy.AfterFailure.Retry)
                        policy.afterFailure(Delivery.NEW, T0, T0, "HTTP 429", Duration.ofMinutes(5)))
                .delivery();
        assertEquals(T0.plus(Duration.ofMinutes(5)), d.nextAttemptAt());
        d = ((DeliveryPolicy.AfterFailure.Retry)
                        policy.afterFailure(Delivery.NEW, T0, T0, "HTTP 429", Duration.ofDays(2)))
                .delivery();
        assertEquals(T0.plus(Duration.ofHours(1)), d.nextAttemptAt());
    }

    @Test
    void settingsAreCheckedAsAWhole() {
        var bad = EventSettings.from(
                java.util.Map.of(EventSettings.MAX_ATTEMPTS, "0", EventSettings.WEBHOOK_ALLOW_LOCAL, "yes"));
        var invalid = assertInstanceOf(dev.fleetops.contract.Parsed.Invalid.class, bad);
        assertEquals(2, invalid.errors().size(), invalid.summary());
        var ok = assertInstanceOf(
                        dev.fleetops.contract.Parsed.Valid.class,
                        EventSettings.from(java.util.Map.of(EventSettings.FIRST_BACKOFF_SECONDS, "2")))
                .value();
        assertEquals(Duration.ofSeconds(2), ((EventSettings) ok).policy().backoff(1));
    }
}
