package dev.fleetops.core.rollout.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleetops.core.rollout.DeviceExecution;
import dev.fleetops.core.rollout.DispatchIntent;
import dev.fleetops.core.rollout.RolloutEngine;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Dispatch messages: what a tick writes a worker reads back exactly, and anything else is refused by name. */
class DispatchBatchTest {
    private static final Instant T0 = Instant.parse("2026-06-01T00:00:00Z");

    private static DispatchIntent intent(String device) {
        DeviceExecution queued = DeviceExecution.queued(device, 1, T0);
        return DispatchIntent.restore(queued, started(queued));
    }

    /** What the engine makes of a queued row when it dispatches it (via the public API: an intent of a real tick). */
    private static DeviceExecution started(DeviceExecution queued) {
        return DeviceExecution.restore(
                queued.deviceId(),
                queued.wave(),
                dev.fleetops.core.rollout.ExecutionState.IN_PROGRESS,
                queued.attempt() + 1,
                null,
                T0.plusSeconds(5),
                T0.plusSeconds(5),
                RolloutEngine.DISPATCHING,
                null);
    }

    @Test
    void aMessageReadsBackAsWritten() {
        DispatchBatch b = new DispatchBatch(
                "op-1",
                T0.plusSeconds(60),
                "2026-06-08T00:00:00Z",
                List.of(
                        new DispatchBatch.Item(intent("a"), "https://x.blob.core.windows.net/fw/a?sig=1"),
                        new DispatchBatch.Item(intent("b"), null)));
        DispatchBatch read = DispatchBatch.parse(b.toJson());
        assertEquals(b.operationId(), read.operationId());
        assertEquals(b.sendBy(), read.sendBy());
        assertEquals(
                b.items().get(0).intent().execution(),
                read.items().get(0).intent().execution());
        assertEquals(
                b.items().get(0).intent().queuedRow(),
                read.items().get(0).intent().queuedRow());
        assertEquals(b.items().get(0).packageUri(), read.items().get(0).packageUri());
        assertEquals(null, read.items().get(1).packageUri());
    }

    @Test
    void hostileMessagesAreRefusedNamingWhatIsWrong() {
        String good = new DispatchBatch(
                        "op-1", T0, "2026-06-08T00:00:00Z", List.of(new DispatchBatch.Item(intent("a"), null)))
                .toJson();
        assertRefused("not JSON", "{", "not JSON");
        assertRefused("array", "[]", "JSON object");
        assertRefused("version", good.replace("\"v\":1", "\"v\":2"), "'message.v'");
        assertRefused("no items", good.replaceAll("\"items\":\\[.*\\]", "\"items\":[]"), "'message.items'");
        assertRefused("state", good.replace("\"IN_PROGRESS\"", "\"SUCCEEDED\""), "'message.items[0]'");
        assertRefused("unknown state", good.replace("\"IN_PROGRESS\"", "\"BOGUS\""), "'message.items[0].i.s'");
        assertRefused("attempt", good.replace("\"a\":1", "\"a\":7"), "'message.items[0]'");
        assertRefused("bad time", good.replace("\"sendBy\":\"2026", "\"sendBy\":\"x2026"), "'message.sendBy'");
        assertRefused(
                "http link", good.replace("\"i\":{", "\"uri\":\"http://evil/\",\"i\":{"), "'message.items[0].uri'");
        assertRefused("long id", good.replace("\"d\":\"a\"", "\"d\":\"" + "a".repeat(200) + "\""), ".d'");
    }

    private static void assertRefused(String what, String json, String named) {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> DispatchBatch.parse(json), what);
        assertTrue(e.getMessage().contains(named), what + ": " + e.getMessage());
    }

    @Test
    void aMessageCarriesAboutWhatOneInstanceKeepsInFlightOverTheMessagesItHolds() {
        assertEquals(50, QueueDispatcher.devicesPerMessage(512), "the default window: the most per message");
        assertEquals(16, QueueDispatcher.devicesPerMessage(128));
        assertEquals(5, QueueDispatcher.devicesPerMessage(24), "never fewer than 5");
    }

    @Test
    void messagesStayUnderTheQueueLimitEvenWithLongLinks() {
        List<DispatchIntent> intents = new ArrayList<>();
        List<String> links = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            intents.add(intent("device-with-a-long-name-" + "x".repeat(90) + i));
            links.add("https://account.blob.core.windows.net/firmware/pkg.bin?" + "s".repeat(900) + i);
        }
        List<DispatchBatch> batches = QueueDispatcher.batches(
                "op",
                intents,
                new Dispatcher.Prepared(links, "2026-06-08T00:00:00Z"),
                T0,
                QueueDispatcher.MAX_DEVICES_PER_MESSAGE);
        assertEquals(500, batches.stream().mapToInt(b -> b.items().size()).sum());
        for (DispatchBatch b : batches) {
            int base64 = (b.toJson().getBytes(StandardCharsets.UTF_8).length + 2) / 3 * 4;
            assertTrue(base64 <= 64 * 1024, "a message of " + base64 + " bytes as Base64");
            assertTrue(b.items().size() <= QueueDispatcher.MAX_DEVICES_PER_MESSAGE);
        }
        assertEquals(
                links.get(499),
                batches.get(batches.size() - 1)
                        .items()
                        .get(batches.get(batches.size() - 1).items().size() - 1)
                        .packageUri());
    }
}
