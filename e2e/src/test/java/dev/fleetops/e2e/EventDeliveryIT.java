package dev.fleetops.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.blob.models.BlobItem;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.fleetops.device.runtime.DeviceRuntime;
import dev.fleetops.functions.http.RolloutFunctions;
import dev.fleetops.functions.http.SubscriptionFunctions;
import dev.fleetops.functions.support.Azurite;
import dev.fleetops.functions.support.TestContext;
import dev.fleetops.functions.timer.EventDeliveryTimerFunction;
import dev.fleetops.functions.timer.RolloutTimerFunction;
import dev.fleetops.functions.wiring.FleetOpsInjector;
import dev.fleetops.standins.events.EventGridStandIn;
import dev.fleetops.standins.events.WebhookReceiver;
import dev.fleetops.testkit.Waits;
import dev.fleetops.testkit.http.TestHttpRequest;
import dev.fleetops.testkit.http.TestHttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Events end to end (docs/rollouts.md, "Events"): a reboot rollout on device agents through the local hub, the
 * operations and subscriptions API, the rollout timer and the events timer (fired by the test as the host would),
 * the outbox and subscriptions in Azurite's Table service, dead letters in its Blob service, a webhook receiver that
 * verifies signatures, and the Event Grid stand-in that checks CloudEvents 1.0 batches and the bearer token.
 */
class EventDeliveryIT {
    private static final int DEVICES = 3;
    private static final String RUN = java.util.UUID.randomUUID().toString().substring(0, 8);
    private static final String TOKEN = "local-dev-token-" + RUN;
    private static final String DEAD_LETTERS = "evt-dl-" + RUN;

    @TempDir
    static Path dir;

    @AutoClose
    static LocalDevices fleet;

    @AutoClose
    static WebhookReceiver receiver;

    @AutoClose
    static EventGridStandIn eventGrid;

    static RolloutFunctions operations;
    static SubscriptionFunctions subscriptions;
    static RolloutTimerFunction rolloutTimer;
    static EventDeliveryTimerFunction eventsTimer;

    @BeforeAll
    static void start() throws Exception {
        receiver = WebhookReceiver.start(0);
        eventGrid = EventGridStandIn.start(0, TOKEN);
        fleet = LocalDevices.start(dir, "evt-", DEVICES, DEVICES, DeviceRuntime.Extras.NONE);
        Map<String, String> settings = new HashMap<>();
        settings.put("METHOD_RESPONSE_TIMEOUT_SECONDS", "10");
        settings.put("FLEETOPS_EVENTGRID_ENDPOINT", eventGrid.endpoint());
        settings.put("FLEETOPS_EVENTGRID_DEV_TOKEN", TOKEN);
        settings.put("FLEETOPS_WEBHOOK_ALLOW_LOCAL", "true");
        settings.put("FLEETOPS_EVENTS_MAX_ATTEMPTS", "3");
        settings.put("FLEETOPS_EVENTS_FIRST_BACKOFF_SECONDS", "1");
        settings.put("FLEETOPS_EVENTS_DEADLETTER_CONTAINER", DEAD_LETTERS);
        FleetOpsInjector injector = Backend.on(fleet.hub, settings);
        operations = injector.getInstance(RolloutFunctions.class);
        subscriptions = injector.getInstance(SubscriptionFunctions.class);
        rolloutTimer = injector.getInstance(RolloutTimerFunction.class);
        eventsTimer = injector.getInstance(EventDeliveryTimerFunction.class);
        // Azurite keeps its data between runs: subscriptions an earlier run left point at receivers long gone, and
        // every
        // event waiting in the outbox would wait for them too. This run's receivers are the only ones.
        deleteAllSubscriptions();
        fleet.awaitConnected();
    }

    @Test
    void aRolloutsEventsArriveSignedInOrderAndARetryKeepsItsIdWhileAnUnreachableReceiverGetsADeadLetter()
            throws Exception {
        // Subscriptions are checked for SSRF before anything is stored.
        TestHttpResponse metadata = createSubscription("{\"url\":\"http://169.254.169.254/latest/meta-data\"}");
        assertEquals(400, metadata.code(), String.valueOf(metadata.getBody()));
        assertTrue(metadata.getBody().toString().contains("\"url\""), String.valueOf(metadata.getBody()));

        String hook = "ok-" + RUN;
        TestHttpResponse ok = createSubscription(
                "{\"url\":\"" + receiver.url(hook) + "\",\"eventTypes\":[\"device.*\",\"operation.*\"]}");
        assertEquals(201, ok.code(), String.valueOf(ok.getBody()));
        receiver.secret(hook, ok.json().get("secret").getAsString());
        receiver.failNext(hook, 1, 500); // the first event is refused once: it must come again, with its id

        String deadHook = "dead-" + RUN;
        TestHttpResponse dead = createSubscription(
                "{\"url\":\"" + receiver.url(deadHook) + "\",\"eventTypes\":[\"operation.created\"]}");
        assertEquals(201, dead.code(), String.valueOf(dead.getBody()));
        String deadId = dead.json().get("id").getAsString();
        receiver.secret(deadHook, dead.json().get("secret").getAsString());
        receiver.alwaysFail(deadHook, 503);

        TestHttpResponse listed = TestHttpResponse.of(
                subscriptions.list(TestHttpRequest.get("/api/subscriptions"), new TestContext("ListSubscriptions")));
        assertEquals(200, listed.code());
        assertFalse(listed.getBody().toString().contains("whsec_"), "no secret is listed");

        List<String> ids = new ArrayList<>();
        for (int i = 1; i <= DEVICES; i++) {
            ids.add("\"" + dev.fleetops.localhub.LocalHub.deviceId("evt-", i) + "\"");
        }
        TestHttpResponse created = TestHttpResponse.of(operations.create(
                TestHttpRequest.post(
                        "/api/operations",
                        "{\"action\":\"reboot\",\"target\":{\"deviceIds\":" + ids
                                + "},\"rollout\":{\"waves\":[1,3],\"wavesAreCounts\":true}}"),
                new TestContext("CreateOperation")));
        assertEquals(202, created.code(), String.valueOf(created.getBody()));
        String op = created.json().get("id").getAsString();

        // Both timers, as the host fires them, until the webhook has the operation's completion.
        Waits.until(
                Waits.upTo(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)),
                () -> {
                    rolloutTimer.run("{}", new TestContext("RolloutTimer"));
                    eventsTimer.run("{}", new TestContext("EventDelivery"));
                    return accepted(hook, op);
                },
                events -> events.stream().anyMatch(e -> type(e).equals("dev.fleetops.operation.completed"))
                        && events.stream()
                                        .filter(e -> type(e).equals("dev.fleetops.device.succeeded"))
                                        .count()
                                == DEVICES,
                events -> "events for " + op + " so far: "
                        + events.stream().map(EventDeliveryIT::type).toList());

        List<WebhookReceiver.Delivery> all = receiver.deliveries(hook);
        assertTrue(all.stream().allMatch(WebhookReceiver.Delivery::signatureValid), "every signature verifies");
        WebhookReceiver.Delivery refused = all.get(0);
        assertEquals(500, refused.answered());
        assertTrue(
                all.stream().skip(1).anyMatch(d -> d.id().equals(refused.id()) && d.answered() == 204),
                "the refused event came again with the same webhook-id");
        // The id is the CloudEvent's id: one de-duplicates on either.
        for (WebhookReceiver.Delivery d : all) {
            assertEquals(
                    d.id(),
                    JsonParser.parseString(d.body()).getAsJsonObject().get("id").getAsString());
        }

        List<JsonObject> events = accepted(hook, op);
        Set<String> types = new LinkedHashSet<>();
        events.forEach(e -> types.add(type(e)));
        assertTrue(
                types.containsAll(List.of(
                        "dev.fleetops.operation.created",
                        "dev.fleetops.operation.started",
                        "dev.fleetops.operation.waveOpened",
                        "dev.fleetops.device.succeeded",
                        "dev.fleetops.operation.completed")),
                types.toString());
        assertEquals(
                events.stream().map(e -> e.get("id").getAsString()).distinct().count(),
                events.size(),
                "each event is taken once");
        // In order per device: a device's events come by attempt; and its success only after its wave opened.
        Map<String, Integer> lastAttempt = new HashMap<>();
        for (JsonObject e : events) {
            JsonObject data = e.getAsJsonObject("data");
            if (data.has("deviceId")) {
                int attempt = data.get("attempt").getAsInt();
                Integer before = lastAttempt.put(data.get("deviceId").getAsString(), attempt);
                assertTrue(before == null || before <= attempt, "attempts in order for " + data);
                assertEquals(
                        "devices/" + data.get("deviceId").getAsString(),
                        e.get("subject").getAsString());
            }
            assertEquals("/fleetops/operations/" + op, e.get("source").getAsString());
        }

        // Event Grid took the same events as CloudEvents 1.0 batches, always with the bearer token.
        Waits.upTo(Duration.ofSeconds(30), "Event Grid has the operation's completion")
                .pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    eventsTimer.run("{}", new TestContext("EventDelivery"));
                    return eventGrid.events().stream()
                            .anyMatch(e -> e.get("source").getAsString().endsWith(op)
                                    && type(e).equals("dev.fleetops.operation.completed"));
                });
        assertTrue(
                eventGrid.requests().stream().allMatch(r -> r.status() == 200),
                eventGrid.requests().toString());
        assertTrue(eventGrid.requests().stream().allMatch(r -> ("Bearer " + TOKEN).equals(r.authorization())));
        assertTrue(eventGrid.requests().stream()
                .allMatch(r -> r.contentType().startsWith("application/cloudevents-batch+json")));
        Set<String> gridTypes = new LinkedHashSet<>();
        eventGrid.events().stream()
                .filter(e -> e.get("source").getAsString().endsWith(op))
                .forEach(e -> gridTypes.add(type(e)));
        assertTrue(gridTypes.containsAll(types), gridTypes + " vs " + types);

        // The receiver that always fails: three attempts, then the event lands in Blob storage.
        BlobContainerClient letters = new BlobServiceClientBuilder()
                .connectionString(Azurite.connectionString())
                .buildClient()
                .getBlobContainerClient(DEAD_LETTERS);
        List<BlobItem> blobs = Waits.until(
                Waits.upTo(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)),
                () -> {
                    eventsTimer.run("{}", new TestContext("EventDelivery"));
                    return letters.exists()
                            ? StreamSupport.stream(letters.listBlobs().spliterator(), false)
                                    .filter(b -> b.getName().startsWith("webhook-" + deadId + "/" + op + "/"))
                                    .toList()
                            : List.<BlobItem>of();
                },
                found -> !found.isEmpty(),
                found -> "no dead letter; receiver saw "
                        + receiver.deliveries(deadHook).size() + " requests");
        JsonObject letter = JsonParser.parseString(
                        letters.getBlobClient(blobs.get(0).getName())
                                .downloadContent()
                                .toString())
                .getAsJsonObject();
        assertEquals(3, letter.get("attempts").getAsInt(), letter.toString());
        assertEquals("dev.fleetops.operation.created", type(letter.getAsJsonObject("event")));
        // Other operations' creations (earlier tests in the same Azurite) go to that receiver too: count this one's.
        List<WebhookReceiver.Delivery> tries = receiver.deliveries(deadHook).stream()
                .filter(d -> d.body().contains("\"source\":\"/fleetops/operations/" + op + "\""))
                .toList();
        assertEquals(3, tries.size(), "three attempts, then no more");
        assertEquals(
                1, tries.stream().map(WebhookReceiver.Delivery::id).distinct().count(), "one event, one id");
        assertTrue(tries.stream().allMatch(WebhookReceiver.Delivery::signatureValid));
    }

    @org.junit.jupiter.api.AfterAll
    static void removeSubscriptions() {
        if (subscriptions != null) {
            deleteAllSubscriptions();
        }
    }

    private static void deleteAllSubscriptions() {
        TestHttpResponse listed = TestHttpResponse.of(
                subscriptions.list(TestHttpRequest.get("/api/subscriptions"), new TestContext("ListSubscriptions")));
        assertEquals(200, listed.code(), String.valueOf(listed.getBody()));
        for (var item : listed.json().getAsJsonArray("items")) {
            String id = item.getAsJsonObject().get("id").getAsString();
            TestHttpResponse deleted = TestHttpResponse.of(subscriptions.delete(
                    TestHttpRequest.request(
                            com.microsoft.azure.functions.HttpMethod.DELETE,
                            "/api/subscriptions/" + id,
                            Map.of(),
                            null),
                    id,
                    new TestContext("DeleteSubscription")));
            assertEquals(204, deleted.code(), String.valueOf(deleted.getBody()));
        }
    }

    private static TestHttpResponse createSubscription(String body) {
        return TestHttpResponse.of(subscriptions.create(
                TestHttpRequest.post("/api/subscriptions", body), new TestContext("CreateSubscription")));
    }

    /** The events of {@code op} the receiver took (answered 204), in arrival order. */
    private static List<JsonObject> accepted(String hook, String op) {
        return receiver.deliveries(hook).stream()
                .filter(d -> d.answered() == 204)
                .map(d -> JsonParser.parseString(d.body()).getAsJsonObject())
                .filter(e -> e.get("source").getAsString().equals("/fleetops/operations/" + op))
                .toList();
    }

    private static String type(JsonObject cloudEvent) {
        return cloudEvent.get("type").getAsString();
    }
}
