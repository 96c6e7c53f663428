package dev.fleetops.functions.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.azure.data.tables.TableServiceClient;
import com.azure.data.tables.TableServiceClientBuilder;
import com.azure.storage.queue.QueueClient;
import com.azure.storage.queue.QueueClientBuilder;
import com.azure.storage.queue.QueueMessageEncoding;
import com.azure.storage.queue.models.QueueMessageItem;
import dev.fleetops.core.rollout.DeviceExecution;
import dev.fleetops.core.rollout.DispatchIntent;
import dev.fleetops.core.rollout.ExecutionState;
import dev.fleetops.core.rollout.service.DispatchBatch;
import dev.fleetops.functions.support.Azurite;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The Storage side of queue-triggered dispatch against Azurite: messages as the Functions host's queue trigger reads
 * them (Base64), and the hub-wide pacer schedule shared by instances that claim at the same time.
 */
class DispatchQueueIT {
    private static final Instant T0 = Instant.parse("2026-06-01T00:00:00Z");

    private static QueueClient queue(String name, QueueMessageEncoding encoding) {
        return new QueueClientBuilder()
                .connectionString(Azurite.connectionString())
                .queueName(name)
                .messageEncoding(encoding)
                .buildClient();
    }

    private static DispatchBatch batch() {
        DeviceExecution queued = DeviceExecution.queued("dev-1", 0, T0);
        DeviceExecution started = DeviceExecution.restore(
                "dev-1",
                0,
                ExecutionState.IN_PROGRESS,
                1,
                null,
                T0.plusSeconds(1),
                T0.plusSeconds(1),
                "dispatching",
                null);
        return new DispatchBatch(
                "op-1",
                T0.plusSeconds(60),
                "2026-06-08T00:00:00Z",
                List.of(new DispatchBatch.Item(DispatchIntent.restore(queued, started), null)));
    }

    @Test
    void messagesAreBase64AsTheHostsQueueTriggerReadsThem() {
        String name = "dispatch-" + UUID.randomUUID().toString().substring(0, 8);
        StorageDispatchQueue dispatch = new StorageDispatchQueue(queue(name, QueueMessageEncoding.BASE64));
        dispatch.send(batch());
        dispatch.send(batch());
        assertEquals(2, dispatch.waiting());

        QueueMessageItem raw = queue(name, QueueMessageEncoding.NONE).receiveMessage();
        String decoded = new String(Base64.getDecoder().decode(raw.getBody().toString()), StandardCharsets.UTF_8);
        assertEquals(batch().toJson(), decoded, "the host decodes Base64, then the worker parses the JSON");
        assertEquals("op-1", DispatchBatch.parse(decoded).operationId());
    }

    @Test
    void instancesClaimingAtOnceGetSlotsThatNeverOverlap() throws Exception {
        TableServiceClient service = new TableServiceClientBuilder()
                .connectionString(Azurite.connectionString())
                .buildClient();
        String hub = "hub-" + UUID.randomUUID() + ".azure-devices.net";
        // Four "instances", each its own client, claiming blocks from eight threads at once.
        List<TablePacerSlots> instances = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            instances.add(new TablePacerSlots(service, hub));
        }
        Duration interval = Duration.ofMillis(10);
        List<long[]> claims = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                TablePacerSlots slots = instances.get(t % 4);
                running.add(pool.submit(() -> {
                    for (int n = 0; n < 10; n++) {
                        Instant first = slots.claim(5, interval, T0);
                        claims.add(new long[] {
                            first.toEpochMilli(),
                            first.plus(interval.multipliedBy(5)).toEpochMilli()
                        });
                    }
                    return null;
                }));
            }
            for (Future<?> f : running) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        List<long[]> sorted =
                claims.stream().sorted((a, b) -> Long.compare(a[0], b[0])).toList();
        assertEquals(80, sorted.size());
        for (int i = 1; i < sorted.size(); i++) {
            assertTrue(sorted.get(i)[0] >= sorted.get(i - 1)[1], "claim " + i + " overlaps the one before");
        }
        assertEquals(T0.plus(interval.multipliedBy(400)).toEpochMilli(), sorted.get(79)[1], "and no slot was skipped");

        // A 429 seen by one instance moves everyone's next claim past the pause.
        instances.get(0).pauseUntil(T0.plusSeconds(100));
        assertEquals(T0.plusSeconds(100), instances.get(3).claim(1, interval, T0));
    }
}
