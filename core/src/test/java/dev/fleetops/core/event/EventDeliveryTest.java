package dev.fleetops.core.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.fleetops.core.rollout.DeviceExecution;
import dev.fleetops.core.rollout.ExecutionState;
import dev.fleetops.core.rollout.QueueReason;
import dev.fleetops.testkit.TestClock;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The delivery run's decisions: order per device, retries with the same id, dead letters, Event Grid batches. */
class EventDeliveryTest {
    private static final Instant T0 = Instant.parse("2026-06-01T00:00:00Z");
    private final TestClock clock = TestClock.at(T0);
    private final InMemoryOutbox outbox = new InMemoryOutbox();
    private final InMemoryDeliveryQueue queue = new InMemoryDeliveryQueue();
    private final InMemorySubscriptionStore subs = new InMemorySubscriptionStore();
    private final List<DeadLetters.DeadLetter> dead = Collections.synchronizedList(new ArrayList<>());
    private final ExecutorService pool = Executors.newFixedThreadPool(2);
    private final Posts posts = new Posts();
    private final Subscription sub = new Subscription(
            "sub_0123456789abcdef",
            "https://hooks.example.com/x",
            List.of("device.*"),
            "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
            T0,
            "a");

    @AfterEach
    void close() {
        pool.shutdownNow();
    }

    /** Records what was posted; answers what the test says. */
    static final class Posts implements EventPosts {
        final List<Map<String, String>> webhookHeaders = Collections.synchronizedList(new ArrayList<>());
        final List<String> webhookBodies = Collections.synchronizedList(new ArrayList<>());
        final List<String> batches = Collections.synchronizedList(new ArrayList<>());
        volatile boolean eventGrid;
        volatile Function<String, Result> webhookAnswer = b -> Result.ok(204);
        volatile Result eventGridAnswer = Result.ok(200);

        public boolean eventGridConfigured() {
            return eventGrid;
        }

        public Result toEventGrid(String batch) {
            batches.add(batch);
            return eventGridAnswer;
        }

        public Result toWebhook(URI url, Map<String, String> headers, String body) {
            webhookHeaders.add(headers);
            webhookBodies.add(body);
            return webhookAnswer.apply(body);
        }

        List<String> ids() {
            return webhookHeaders.stream().map(h -> h.get("webhook-id")).toList();
        }
    }

    private EventDelivery delivery(DeliveryPolicy policy) {
        return new EventDelivery(outbox, queue, subs, posts, dead::add, policy, clock, pool);
    }

    private EventDelivery delivery() {
        return delivery(DeliveryPolicy.DEFAULTS);
    }

    /** Device b failed attempt 1 (retried) and then succeeded attempt 2; device a succeeded. */
    private void recordOutcomes() {
        Instant t = T0;
        DeviceExecution bFailed = DeviceExecution.restore(
                "b",
                0,
                ExecutionState.QUEUED,
                1,
                t.plusSeconds(10),
                t,
                t,
                "failed; retrying",
                new dev.fleetops.contract.ErrorInfo("boom", "x"),
                QueueReason.RETRY_BACKOFF,
                null);
        DeviceExecution bDone =
                DeviceExecution.restore("b", 0, ExecutionState.SUCCEEDED, 2, null, t, t, "completed", null);
        DeviceExecution aDone =
                DeviceExecution.restore("a", 0, ExecutionState.SUCCEEDED, 1, null, t, t, "completed", null);
        EventRecorder r = new EventRecorder(outbox, clock);
        // The later outcome is recorded first: the order key, not the recording order, decides delivery order.
        r.record("op1", null, null, List.of(bDone, aDone), List.of());
        r.record("op1", null, null, List.of(bFailed), List.of());
    }

    private static String type(String body) {
        return JsonParser.parseString(body).getAsJsonObject().get("type").getAsString() + " "
                + JsonParser.parseString(body).getAsJsonObject().get("subject").getAsString();
    }

    @Test
    void aFailedSendHoldsItsDevicesLaterEventsAndIsRetriedWithTheSameId() {
        subs.create(sub);
        recordOutcomes();
        posts.webhookAnswer = body ->
                type(body).endsWith("devices/a") ? EventPosts.Result.ok(200) : EventPosts.Result.failed(500, null);
        EventDelivery.RunReport first = delivery().run();
        assertEquals(1, first.failed());
        // a's lane was served first (order keys sort by device); b's first event failed and the receiver counts as
        // failing for the rest of the run, so b's second event was not sent before its first.
        assertEquals(
                List.of("dev.fleetops.device.succeeded devices/a", "dev.fleetops.device.failed devices/b"),
                posts.webhookBodies.stream().map(EventDeliveryTest::type).toList());
        String failedId = posts.ids().get(1);

        posts.webhookAnswer = body -> EventPosts.Result.ok(200);
        delivery().run();
        assertEquals(2, posts.ids().size(), "not due before its backoff");
        clock.advance(Duration.ofSeconds(10));
        EventDelivery.RunReport second = delivery().run();
        assertEquals(2, second.delivered());
        assertEquals(failedId, posts.ids().get(2), "redelivered with the same id");
        assertEquals("dev.fleetops.device.succeeded devices/b", type(posts.webhookBodies.get(3)));
        assertTrue(outbox.all().isEmpty() && queue.all().isEmpty(), "every target took every event");
        for (int i = 0; i < posts.webhookBodies.size(); i++) {
            Map<String, String> h = posts.webhookHeaders.get(i);
            assertTrue(WebhookSignature.verify(
                    sub.secret(),
                    h.get("webhook-id"),
                    h.get("webhook-timestamp"),
                    posts.webhookBodies.get(i),
                    h.get("webhook-signature"),
                    clock.instant().getEpochSecond()));
        }
    }

    @Test
    void anEventTheReceiverNeverTakesIsDeadLetteredAndLeavesTheOutbox() {
        subs.create(sub);
        new EventRecorder(outbox, clock)
                .record(
                        "op1",
                        null,
                        null,
                        List.of(DeviceExecution.restore(
                                "a", 0, ExecutionState.FAILED, 1, null, T0, T0, "failed", null)),
                        List.of());
        posts.webhookAnswer = body -> EventPosts.Result.failed(0, "connect timed out");
        DeliveryPolicy three = new DeliveryPolicy(
                Duration.ofSeconds(1), Duration.ofSeconds(4), 3, Duration.ofHours(1), 100, Duration.ofSeconds(5));
        for (int i = 0; i < 3; i++) {
            delivery(three).run();
            clock.advance(Duration.ofSeconds(5));
        }
        assertEquals(3, posts.webhookBodies.size());
        assertEquals(1, dead.size());
        assertEquals("webhook-" + sub.id(), dead.get(0).targetKey());
        assertTrue(
                dead.get(0).reason().contains("connect timed out"), dead.get(0).reason());
        assertTrue(outbox.all().isEmpty() && queue.all().isEmpty());
    }

    @Test
    void eventGridGetsOneCloudEventsBatchAndOnlyMatchingEventsGoToAWebhook() {
        posts.eventGrid = true;
        subs.create(new Subscription(
                "sub_00000000000000aa",
                "https://hooks.example.com/y",
                List.of("operation.completed"),
                sub.secret(),
                T0,
                "a"));
        recordOutcomes();
        delivery().run();
        assertEquals(1, posts.batches.size());
        JsonArray batch = JsonParser.parseString(posts.batches.get(0)).getAsJsonArray();
        assertEquals(3, batch.size());
        for (var e : batch) {
            JsonObject ce = e.getAsJsonObject();
            for (String attr : List.of("specversion", "id", "source", "type", "time", "datacontenttype", "data")) {
                assertTrue(ce.has(attr), attr + " in " + ce);
            }
        }
        assertEquals(
                "dev.fleetops.device.failed",
                batch.get(1).getAsJsonObject().get("type").getAsString(),
                "b's failure before its success in the batch");
        assertTrue(posts.webhookBodies.isEmpty(), "the subscription takes only operation.completed");
        assertTrue(outbox.all().isEmpty() && queue.all().isEmpty());
    }

    @Test
    void aDeadReceiversBacklogNeverHoldsAHealthyReceiversEvents() {
        Subscription healthy = new Subscription(
                "sub_00000000000000bb", "https://healthy.example.com/h", List.of("device.*"), sub.secret(), T0, "a");
        subs.create(sub);
        subs.create(healthy);
        posts.webhookAnswer = body -> EventPosts.Result.ok(204);
        DeliveryPolicy small = new DeliveryPolicy(
                Duration.ofSeconds(1), Duration.ofSeconds(4), 1_000, Duration.ofDays(1), 5, Duration.ofSeconds(5));
        java.util.concurrent.atomic.AtomicBoolean deadIsDown = new java.util.concurrent.atomic.AtomicBoolean(true);
        List<String> healthyGot = Collections.synchronizedList(new ArrayList<>());
        EventPosts split = new EventPosts() {
            public boolean eventGridConfigured() {
                return false;
            }

            public Result toEventGrid(String batch) {
                throw new AssertionError("no Event Grid here");
            }

            public Result toWebhook(URI url, Map<String, String> headers, String body) {
                if (url.getHost().startsWith("healthy")) {
                    healthyGot.add(headers.get("webhook-id"));
                    return Result.ok(204);
                }
                return deadIsDown.get() ? Result.failed(503, null) : Result.ok(204);
            }
        };
        EventDelivery delivery = new EventDelivery(outbox, queue, subs, split, dead::add, small, clock, pool);
        EventRecorder recorder = new EventRecorder(outbox, clock);
        // Twelve devices' outcomes, in runs of at most five entries: far more than one run reads.
        for (int i = 0; i < 12; i++) {
            recorder.record(
                    "op1",
                    null,
                    null,
                    List.of(DeviceExecution.restore(
                            "dev-" + i, 0, ExecutionState.SUCCEEDED, 1, null, T0, T0, "completed", null)),
                    List.of());
            clock.advance(Duration.ofSeconds(1));
            delivery.run();
        }
        for (int i = 0; i < 5; i++) {
            clock.advance(Duration.ofSeconds(5));
            delivery.run();
        }
        assertEquals(12, healthyGot.stream().distinct().count(), "the healthy receiver has every event");
        assertEquals(0, queue.next("webhook-" + healthy.id(), 100).size());
        assertEquals(12, queue.next("webhook-" + sub.id(), 100).size(), "the dead one keeps its own backlog");

        deadIsDown.set(false);
        for (int i = 0; i < 5; i++) {
            clock.advance(Duration.ofSeconds(5));
            delivery.run();
        }
        assertTrue(queue.all().isEmpty(), "back up, it takes its backlog");
        assertTrue(dead.isEmpty());
    }

    @Test
    void aNewSubscriptionGetsWhatIsRecordedFromThenNotTheHistoryBefore() {
        recordOutcomes(); // at T0, before anyone subscribed
        clock.advance(Duration.ofMinutes(5));
        subs.create(new Subscription(
                "sub_00000000000000cc",
                "https://late.example.com/l",
                List.of("*"),
                sub.secret(),
                clock.instant(),
                "a"));
        new EventRecorder(outbox, clock)
                .record(
                        "op2",
                        null,
                        null,
                        List.of(DeviceExecution.restore(
                                "z", 0, ExecutionState.SUCCEEDED, 1, null, T0, T0, "completed", null)),
                        List.of());
        delivery().run();
        assertEquals(
                List.of("dev.fleetops.device.succeeded devices/z"),
                posts.webhookBodies.stream().map(EventDeliveryTest::type).toList());
        assertTrue(outbox.all().isEmpty() && queue.all().isEmpty());
    }

    @Test
    void aDeletedSubscriptionsQueueIsDropped() {
        subs.create(sub);
        posts.webhookAnswer = body -> EventPosts.Result.failed(503, null);
        recordOutcomes();
        delivery().run();
        assertEquals(3, queue.next("webhook-" + sub.id(), 100).size());
        subs.delete(sub.id());
        delivery().run();
        assertTrue(queue.all().isEmpty());
        assertTrue(queue.targets().isEmpty());
    }
}
