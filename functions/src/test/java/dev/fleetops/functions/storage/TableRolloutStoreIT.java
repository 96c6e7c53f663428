package dev.fleetops.functions.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.azure.data.tables.TableClient;
import com.azure.data.tables.TableServiceClient;
import com.azure.data.tables.TableServiceClientBuilder;
import com.azure.data.tables.models.ListEntitiesOptions;
import com.azure.data.tables.models.TableEntity;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.fleetops.core.rollout.CancelReason;
import dev.fleetops.core.rollout.DeviceExecution;
import dev.fleetops.core.rollout.ExecutionState;
import dev.fleetops.core.rollout.QueueReason;
import dev.fleetops.core.rollout.RolloutState;
import dev.fleetops.core.rollout.service.ConcurrentUpdateException;
import dev.fleetops.core.rollout.service.RolloutStore;
import dev.fleetops.core.rollout.service.RolloutStore.CreateResult;
import dev.fleetops.core.rollout.service.StoredRollout;
import dev.fleetops.functions.support.Azurite;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Runs the {@link RolloutStoreContract} against Azurite's Table service, plus checks of the physical
 * layout (shards, idempotency claims, token form).
 */
class TableRolloutStoreIT extends RolloutStoreContract {
    private static final TableServiceClient SERVICE = new TableServiceClientBuilder()
            .connectionString(Azurite.connectionString())
            .buildClient();
    private static final TableRolloutStore STORE = new TableRolloutStore(SERVICE);

    @Override
    protected RolloutStore store() {
        return STORE;
    }

    @Override
    protected RolloutStore store(java.time.Clock clock) {
        return new TableRolloutStore(
                SERVICE, Duration.ofSeconds(20), Duration.ofMinutes(15), clock, BoundedWait.Sleeper.THREAD);
    }

    @Test
    void executionsAreSpreadOverSixteenPartitions() {
        String id = newId();
        assertInstanceOf(
                CreateResult.Created.class,
                STORE.create(rollout(id, RolloutState.RUNNING, T0), queued(2000), null, null));
        TableClient executions = SERVICE.getTableClient(TableRolloutStore.EXECUTIONS);
        List<Integer> counts = new ArrayList<>();
        int total = 0;
        int indexed = 0;
        for (int shard = 0; shard < RolloutEntities.SHARDS; shard++) {
            String filter = "PartitionKey eq '" + RolloutEntities.executionPartition(id, shard) + "'";
            int n = 0;
            for (var e : executions.listEntities(
                    new ListEntitiesOptions().setFilter(filter).setSelect(List.of("RowKey")), null, null)) {
                if (e.getRowKey().startsWith(WorkIndex.FIRST_KEY)) {
                    indexed++;
                } else {
                    n++;
                }
            }
            counts.add(n);
            total += n;
        }
        System.out.println("TableRolloutStoreIT: 2000 executions per shard " + counts);
        assertEquals(2000, total);
        assertEquals(2000, indexed, "every queued device has its work-index entry next to its row");
        assertTrue(counts.stream().allMatch(n -> n > 60 && n < 200), "uneven shards: " + counts);
    }

    /** Removes an operation's work index, as an operation stored by the version before it had none. */
    private static void asBeforeTheWorkIndex(String id) {
        TableClient executions = SERVICE.getTableClient(TableRolloutStore.EXECUTIONS);
        for (int shard = 0; shard < RolloutEntities.SHARDS; shard++) {
            String filter = "PartitionKey eq '" + RolloutEntities.executionPartition(id, shard) + "' and RowKey ge '~'";
            for (var e : executions.listEntities(new ListEntitiesOptions().setFilter(filter), null, null)) {
                executions.deleteEntity(e.getPartitionKey(), e.getRowKey());
            }
        }
        TableClient operations = SERVICE.getTableClient(TableRolloutStore.OPERATIONS);
        var op = operations.getEntity(OperationTable.PARTITION, id);
        op.getProperties().remove(OperationTable.WORK_INDEX);
        operations.updateEntity(op, com.azure.data.tables.models.TableEntityUpdateMode.REPLACE);
    }

    /** An operation stored before the work index existed is read the old way and keeps working. */
    @Test
    void anOperationWithoutAWorkIndexIsReadByScanning() {
        String id = newId();
        List<DeviceExecution> rows = queued(50);
        STORE.create(rollout(id, RolloutState.RUNNING, T0), rows, null, null);
        asBeforeTheWorkIndex(id);
        RolloutStore fresh = new TableRolloutStore(SERVICE); // no remembered answer about the index
        StoredRollout r = fresh.get(id).orElseThrow();
        assertEquals(50, fresh.queued(id, Integer.MAX_VALUE, Instant.MAX, 1000).size());
        List<DeviceExecution> started = rows.subList(0, 10).stream()
                .map(e -> DeviceExecution.restore(
                        e.deviceId(), e.wave(), ExecutionState.IN_PROGRESS, 1, null, T0, T0, null, null))
                .toList();
        r = fresh.save(r, new java.util.HashMap<>(), started, List.of());
        assertEquals(40, fresh.queued(id, Integer.MAX_VALUE, Instant.MAX, 1000).size());
        assertEquals(10, fresh.inProgress(id, Instant.MAX, 1000).size());
        assertFalse(
                OperationTable.hasWorkIndex(
                        SERVICE.getTableClient(TableRolloutStore.OPERATIONS).getEntity(OperationTable.PARTITION, id)),
                "it stays without an index");
    }

    /** A save whose rows lost their index entry (or whose caller misread them) still lands, one action at a time. */
    @Test
    void aMissingIndexEntryDoesNotFailTheSave() {
        String id = newId();
        List<DeviceExecution> rows = queued(30);
        StoredRollout r =
                STORE.create(rollout(id, RolloutState.RUNNING, T0), rows, null, null) instanceof CreateResult.Created c
                        ? c.rollout()
                        : null;
        DeviceExecution victim = rows.get(0);
        SERVICE.getTableClient(TableRolloutStore.EXECUTIONS)
                .deleteEntity(
                        RolloutEntities.executionPartition(id, RolloutEntities.shard(victim.deviceId())),
                        WorkIndex.key(victim));
        List<DeviceExecution> started = rows.stream()
                .map(e -> DeviceExecution.restore(
                        e.deviceId(), e.wave(), ExecutionState.IN_PROGRESS, 1, null, T0, T0, null, null))
                .toList();
        java.util.Map<String, DeviceExecution> before = new java.util.HashMap<>();
        rows.forEach(e -> before.put(e.deviceId(), e));
        STORE.save(r, before, started, List.of());
        assertEquals(0, STORE.queued(id, Integer.MAX_VALUE, Instant.MAX, 1000).size());
        assertEquals(30, STORE.inProgress(id, Instant.MAX, 1000).size());
    }

    @Test
    void theIdempotencyClaimHoldsTheOperationIdUnderTheKeysHash() {
        String id = newId();
        String key = "key-" + newId();
        STORE.create(rollout(id, RolloutState.SCHEDULED, T0), List.of(), key, "h");
        var claim =
                SERVICE.getTableClient(TableRolloutStore.IDEMPOTENCY).getEntity("key", RolloutEntities.sha256Hex(key));
        assertEquals(id, claim.getProperty("OperationId"));
        assertEquals("h", claim.getProperty("RequestHash"));
    }

    @Test
    void theContinuationTokenIsOpaqueBase64OfShardAndTableToken() {
        String id = newId();
        STORE.create(rollout(id, RolloutState.RUNNING, T0), queued(40), null, null);
        String token = STORE.executions(id, null, null, 3).continuationToken();
        JsonObject json = JsonParser.parseString(
                        new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8))
                .getAsJsonObject();
        assertTrue(json.has("s"), json.toString());
        List<DeviceExecution> rest = new ArrayList<>();
        while (token != null) {
            var page = STORE.executions(id, null, token, 3);
            rest.addAll(page.items());
            token = page.continuationToken();
        }
        assertEquals(37, rest.size());
    }

    @Test
    void aClaimWhoseOperationNeverAppearedIsRetriedLaterThenTakenOver() {
        String key = "key-" + newId();
        String ghost = newId();
        SERVICE.getTableClient(TableRolloutStore.IDEMPOTENCY)
                .createEntity(new TableEntity("key", RolloutEntities.sha256Hex(key))
                        .addProperty("OperationId", ghost)
                        .addProperty("RequestHash", "h"));
        TableRolloutStore patient = new TableRolloutStore(SERVICE, Duration.ofMillis(300), Duration.ofMinutes(15));
        assertThrows(
                ConcurrentUpdateException.class,
                () -> patient.create(rollout(newId(), RolloutState.SCHEDULED, T0), List.of(), key, "h"));
        assertEquals(
                ghost,
                assertInstanceOf(
                                CreateResult.KeyConflict.class,
                                patient.create(rollout(newId(), RolloutState.SCHEDULED, T0), List.of(), key, "other"))
                        .existingId());

        TableRolloutStore impatient = new TableRolloutStore(SERVICE, Duration.ofMillis(300), Duration.ZERO);
        String id = newId();
        assertInstanceOf(
                CreateResult.Created.class,
                impatient.create(rollout(id, RolloutState.SCHEDULED, T0), queued(3), key, "h"));
        assertEquals(
                id,
                assertInstanceOf(
                                CreateResult.Existing.class,
                                STORE.create(rollout(newId(), RolloutState.SCHEDULED, T0), List.of(), key, "h"))
                        .rollout()
                        .rollout()
                        .id());
    }

    @Test
    void aFailedCreateReleasesItsKey() {
        String existing = newId();
        STORE.create(rollout(existing, RolloutState.SCHEDULED, T0), List.of(), null, null);
        String key = "key-" + newId();
        assertThrows(
                IllegalStateException.class,
                () -> STORE.create(rollout(existing, RolloutState.SCHEDULED, T0), List.of(), key, "h"));
        String id = newId();
        assertInstanceOf(
                CreateResult.Created.class, STORE.create(rollout(id, RolloutState.SCHEDULED, T0), List.of(), key, "h"));
    }

    @Test
    void rowsWrittenBeforeReasonsExistedAreReadWithTheReasonThatVersionMeant() {
        String id = newId();
        STORE.create(rollout(id, RolloutState.RUNNING, T0), List.of(), null, null);
        TableClient executions = SERVICE.getTableClient(TableRolloutStore.EXECUTIONS);
        // Written the way the store wrote rows before QueueReason/CancelReason existed.
        executions.createEntity(legacyRow(id, "old-offline", "QUEUED", "offline")
                .addProperty("HasError", true)
                .addProperty("ErrorCode", "deviceOffline")
                .addProperty("ErrorMessage", "device offline; retrying"));
        executions.createEntity(legacyRow(id, "old-waiting", "QUEUED", null));
        executions.createEntity(legacyRow(id, "old-aborted", "CANCELED", "operation aborted"));
        executions.createEntity(legacyRow(id, "old-failed", "FAILED", "downloadFailed"));
        java.util.Map<String, DeviceExecution> read = new java.util.HashMap<>();
        STORE.executions(id).forEach(e -> read.put(e.deviceId(), e));
        assertEquals(QueueReason.OFFLINE, read.get("old-offline").queueReason());
        assertEquals(QueueReason.WAITING, read.get("old-waiting").queueReason());
        assertEquals(CancelReason.OPERATION_ABORTED, read.get("old-aborted").cancelReason());
        assertEquals(null, read.get("old-failed").queueReason());
        assertEquals(null, read.get("old-failed").cancelReason());

        // Saved again, the row carries its reason in its own column.
        STORE.save(STORE.get(id).orElseThrow(), List.of(read.get("old-offline")));
        TableEntity saved = executions.getEntity(
                RolloutEntities.executionPartition(id, RolloutEntities.shard("old-offline")), "old-offline");
        assertEquals("OFFLINE", saved.getProperty("QueueReason"));
    }

    private static TableEntity legacyRow(String id, String deviceId, String state, String detail) {
        TableEntity e = new TableEntity(
                        RolloutEntities.executionPartition(id, RolloutEntities.shard(deviceId)), deviceId)
                .addProperty("DeviceId", deviceId)
                .addProperty("Wave", 0)
                .addProperty("State", state)
                .addProperty("Attempt", 0)
                .addProperty("UpdatedAt", T0.toString());
        return detail == null ? e : e.addProperty("LastDetail", detail);
    }
}
