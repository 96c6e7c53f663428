package dev.fleetops.functions.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.azure.data.tables.TableServiceClientBuilder;
import dev.fleetops.core.event.Delivery;
import dev.fleetops.core.event.EventRecorder;
import dev.fleetops.core.event.InMemoryOutbox;
import dev.fleetops.core.event.OutboxEntry;
import dev.fleetops.core.event.QueuedEvent;
import dev.fleetops.core.rollout.DeviceExecution;
import dev.fleetops.core.rollout.ExecutionState;
import dev.fleetops.functions.support.Azurite;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Per-target event queues on Azurite's Table service: order, idempotent adds, saved progress, dropping a target. */
class TableDeliveryQueueIT {
    private static final Instant T = Instant.parse("2026-06-01T00:00:00Z");
    private final TableDeliveryQueue queue = new TableDeliveryQueue(new TableServiceClientBuilder()
            .connectionString(Azurite.connectionString())
            .buildClient());
    private final String target =
            "webhook-sub_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);

    /** Outcomes of three devices (one with characters Table keys refuse), recorded one second apart. */
    private static List<OutboxEntry> entries() {
        InMemoryOutbox outbox = new InMemoryOutbox();
        List<String> devices = List.of("dev-b", "dev?#/a", "dev-c");
        for (int i = 0; i < devices.size(); i++) {
            new EventRecorder(outbox, Clock.fixed(T.plusSeconds(i), ZoneOffset.UTC))
                    .record(
                            "op-1",
                            null,
                            null,
                            List.of(DeviceExecution.restore(
                                    devices.get(i), 0, ExecutionState.SUCCEEDED, 1, null, T, T, "completed", null)),
                            List.of());
        }
        return outbox.all();
    }

    @Test
    void eventsComeOldestFirstAndAddingAgainKeepsTheirProgress() {
        List<QueuedEvent> added = entries().stream()
                .map(e -> QueuedEvent.of(e, target, Delivery.NEW))
                .toList();
        queue.enqueue(added);
        List<QueuedEvent> read = queue.next(target, 10);
        assertEquals(
                List.of("dev-b", "dev?#/a", "dev-c"),
                read.stream().map(q -> q.event().deviceId()).toList(),
                "in the order they were recorded");
        assertEquals(added.get(0).event(), read.get(0).event());
        assertEquals(Delivery.NEW, read.get(0).delivery());

        Delivery failed = new Delivery(1, T.plusSeconds(30), "HTTP 503", false);
        assertTrue(queue.update(read.get(0).withDelivery(failed)));
        assertFalse(queue.update(read.get(0).withDelivery(failed)), "a stale ETag is refused");
        queue.enqueue(added);
        assertEquals(failed, queue.next(target, 10).get(0).delivery(), "adding again keeps how far it got");
        assertEquals(2, queue.next(target, 2).size());
        assertTrue(queue.targets().contains(target));

        queue.remove(List.of(read.get(0)));
        assertEquals("dev-b", queue.next(target, 10).get(0).event().deviceId(), "changed since read: it stays");
        queue.remove(queue.next(target, 2));
        assertEquals(
                List.of("dev-c"),
                queue.next(target, 10).stream().map(q -> q.event().deviceId()).toList());
    }

    @Test
    void aDroppedTargetsQueueEmptiesAndIsForgotten() {
        queue.enqueue(entries().stream()
                .map(e -> QueuedEvent.of(e, target, Delivery.NEW))
                .toList());
        assertEquals(2, queue.drop(target, 2));
        assertTrue(queue.targets().contains(target), "one event left");
        assertEquals(1, queue.drop(target, 2));
        assertEquals(List.of(), queue.next(target, 10));
        assertFalse(queue.targets().contains(target));
    }
}
