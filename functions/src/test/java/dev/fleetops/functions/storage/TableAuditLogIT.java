package dev.fleetops.functions.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.azure.data.tables.TableServiceClient;
import com.azure.data.tables.TableServiceClientBuilder;
import com.azure.data.tables.models.ListEntitiesOptions;
import dev.fleetops.core.audit.AuditActor;
import dev.fleetops.core.audit.AuditLog;
import dev.fleetops.core.audit.AuditOutcome;
import dev.fleetops.core.audit.AuditRecord;
import dev.fleetops.core.audit.AuditTarget;
import dev.fleetops.functions.support.Azurite;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The {@link AuditLogContract} against Azurite's Table service, plus the physical layout: one copy per way to find a record. */
class TableAuditLogIT extends AuditLogContract {
    private static final TableServiceClient SERVICE = new TableServiceClientBuilder()
            .connectionString(Azurite.connectionString())
            .buildClient();
    private static final TableAuditLog LOG = new TableAuditLog(SERVICE);

    @Override
    protected AuditLog log() {
        return LOG;
    }

    @Test
    void aRecordIsStoredOncePerWayToFindIt() {
        String actorId = UUID.randomUUID().toString();
        AuditRecord r = new AuditRecord(
                AuditRecord.newId(),
                Instant.parse("2091-03-04T05:06:07.123456789Z"),
                "CancelOperationDevice",
                AuditOutcome.PENDING,
                new AuditActor(actorId, "Bo", "user", List.of("FleetOps.Operator")),
                AuditTarget.device("dev/with#odd?chars", "op-1"),
                null,
                null,
                null);
        LOG.append(r);
        Set<String> partitions = new TreeSet<>();
        SERVICE.getTableClient(TableAuditLog.TABLE)
                .listEntities(new ListEntitiesOptions().setFilter("Id eq '" + r.id() + "'"), null, null)
                .forEach(e -> {
                    partitions.add(e.getPartitionKey());
                    assertEquals(TableAuditLog.rowKey(r.at(), r.id()), e.getRowKey());
                });
        assertEquals(
                new TreeSet<>(Set.of("t|2091-03-04", "d|dev%002Fwith%0023odd%003Fchars", "o|op-1", "a|" + actorId)),
                partitions);
    }
}
