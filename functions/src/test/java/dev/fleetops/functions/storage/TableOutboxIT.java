package dev.fleetops.functions.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.azure.data.tables.TableServiceClientBuilder;
import dev.fleetops.core.event.Delivery;
import dev.fleetops.core.event.EventRecorder;
import dev.fleetops.core.event.OutboxEntry;
import dev.fleetops.core.rollout.DeviceExecution;
import dev.fleetops.core.rollout.ExecutionState;
import dev.fleetops.core.rollout.QueueReason;
import dev.fleetops.functions.support.Azurite;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The outbox on Azurite's Table service: delivery order, idempotent recording, keys Table Storage refuses. */
class TableOutboxIT {
    private static final Instant T = Instant.parse("2026-06-01T00:00:00Z");
    private final TableOutbox outbox = new TableOutbox(new TableServiceClientBuilder()
            .connectionString(Azurite.connectionString())
            .buildClient());
    private final String op = "op-" + UUID.randomUUID().toString().substring(0, 8);

    private List<OutboxEntry> mine() {
        return outbox.pending(10_000).stream()
                .filter(e -> e.event().operationId().equals(op))
                .toList();
    }

    @Test
    void entriesComeInDeliveryOrderAndRecordingAgainKeepsTheirDeliveries() {
        EventRecorder recorder = new EventRecorder(outbox, Clock.fixed(T, ZoneOffset.UTC));
        // A device id with characters Table keys refuse ('?', '#', '/').
        String odd = "dev?#/1";
        DeviceExecution retried = DeviceExecution.restore(
                odd,
                0,
                ExecutionState.QUEUED,
                1,
                T.plusSeconds(10),
                T,
                T,
                "failed; retrying",
                new dev.fleetops.contract.ErrorInfo("boom", "x"),
                QueueReason.RETRY_BACKOFF,
                null);
        DeviceExecution succeeded =
                DeviceExecution.restore(odd, 0, ExecutionState.SUCCEEDED, 2, null, T, T, "completed", null);
        recorder.record(op, null, null, List.of(succeeded), List.of());
        recorder.record(op, null, null, List.of(retried), List.of());
        List<OutboxEntry> entries = mine();
        assertEquals(2, entries.size());
        assertEquals(1, entries.get(0).event().attempt(), "attempt 1's failure first");
        assertEquals(odd, entries.get(0).event().deviceId());
        assertFalse(entries.get(0).event().data().get("final").getAsBoolean());
        assertEquals(2, entries.get(1).event().attempt());

        OutboxEntry first = entries.get(0);
        assertTrue(outbox.update(
                first.withDeliveries(Map.of("webhook-a", new Delivery(1, T.plusSeconds(10), "HTTP 500", false)))));
        assertFalse(outbox.update(first.withDeliveries(Map.of())), "a stale entry is not saved");
        recorder.record(op, null, null, List.of(retried), List.of());
        OutboxEntry again = mine().get(0);
        assertEquals(first.event().id(), again.event().id());
        assertEquals(1, again.deliveries().get("webhook-a").attempts(), "recording again keeps the deliveries");
        assertEquals(T.plusSeconds(10), again.deliveries().get("webhook-a").nextAttemptAt());

        mine().forEach(outbox::remove);
        assertTrue(mine().isEmpty());
    }

    @Test
    void rowKeysEscapeWhatTableStorageRefusesAndKeepOneDevicesOrder() {
        assertEquals("d~a%3Fb%23c%2Fd%25~000001", TableOutbox.rowKey("d~a?b#c/d%~000001"));
        assertTrue(TableOutbox.rowKey("d~x?~000002").compareTo(TableOutbox.rowKey("d~x?~000010")) < 0);
    }
}
