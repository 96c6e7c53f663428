package dev.fleetops.functions.storage;

import static dev.fleetops.functions.storage.RolloutEntities.instant;
import static dev.fleetops.functions.storage.RolloutEntities.literal;
import static dev.fleetops.functions.storage.RolloutEntities.put;
import static dev.fleetops.functions.storage.RolloutEntities.str;

import com.azure.data.tables.TableClient;
import com.azure.data.tables.models.ListEntitiesOptions;
import com.azure.data.tables.models.TableEntity;
import dev.fleetops.core.rollout.service.AuditEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The audit table ({@value TableRolloutStore#AUDIT}): PartitionKey = operation id, RowKey = the event's instant
 * (zero-padded), a per-writer sequence and a random suffix, so a partition scan is oldest first and two writers never
 * collide. A row's {@code Type} is absent on rows written before it existed and reads as null.
 */
final class AuditTable {
    /** Seconds added to the epoch second in row keys so instants since year 1 sort as positive numbers. */
    private static final long SECONDS_OFFSET = 62_135_596_800L;

    private final TableClient table;
    private final AtomicLong sequence;

    /** @param sequenceStart where this writer's sequence starts (its start time in microseconds keeps restarts apart) */
    AuditTable(TableClient table, long sequenceStart) {
        this.table = table;
        this.sequence = new AtomicLong(sequenceStart);
    }

    void append(String operationId, AuditEvent event) {
        String row = rowKey(
                event.at(),
                sequence.incrementAndGet(),
                ThreadLocalRandom.current().nextInt());
        table.createEntity(auditEntity(operationId, row, event));
    }

    /** Oldest first. */
    List<AuditEvent> trail(String operationId) {
        List<AuditEvent> out = new ArrayList<>();
        for (TableEntity e : table.listEntities(
                new ListEntitiesOptions().setFilter("PartitionKey eq " + literal(operationId)), null, null)) {
            out.add(auditEvent(e));
        }
        return out;
    }

    /**
     * Row key: the event's instant as zero-padded seconds (offset to year 1) and nanoseconds,
     * then a per-writer sequence (ties of one writer keep their order), then a random suffix (two
     * writers never collide). Sorting by row key is oldest first.
     */
    static String rowKey(Instant at, long sequence, int random) {
        return String.format(
                Locale.ROOT,
                "%012d%09d-%016x-%08x",
                at.getEpochSecond() + SECONDS_OFFSET,
                at.getNano(),
                sequence,
                random);
    }

    static TableEntity auditEntity(String operationId, String rowKey, AuditEvent a) {
        TableEntity e = new TableEntity(operationId, rowKey);
        put(e, "At", instant(a.at()));
        put(e, "Actor", a.actor());
        put(e, "Type", a.type());
        put(e, "Event", a.event());
        return e;
    }

    static AuditEvent auditEvent(TableEntity e) {
        return new AuditEvent(instant(str(e, "At")), str(e, "Actor"), str(e, "Type"), str(e, "Event"));
    }
}
