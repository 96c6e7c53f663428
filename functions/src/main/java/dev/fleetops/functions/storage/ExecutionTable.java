package dev.fleetops.functions.storage;

import static dev.fleetops.functions.storage.RolloutEntities.SHARDS;
import static dev.fleetops.functions.storage.RolloutEntities.instant;
import static dev.fleetops.functions.storage.RolloutEntities.integer;
import static dev.fleetops.functions.storage.RolloutEntities.literal;
import static dev.fleetops.functions.storage.RolloutEntities.put;
import static dev.fleetops.functions.storage.RolloutEntities.str;

import com.azure.core.http.rest.PagedResponse;
import com.azure.data.tables.TableClient;
import com.azure.data.tables.models.ListEntitiesOptions;
import com.azure.data.tables.models.TableEntity;
import com.azure.data.tables.models.TableTransactionAction;
import com.azure.data.tables.models.TableTransactionActionType;
import dev.fleetops.contract.ErrorInfo;
import dev.fleetops.core.rollout.CancelReason;
import dev.fleetops.core.rollout.DeviceExecution;
import dev.fleetops.core.rollout.ExecutionState;
import dev.fleetops.core.rollout.QueueReason;
import dev.fleetops.core.rollout.service.Page;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/**
 * The executions table ({@value TableRolloutStore#EXECUTIONS}): one entity per device of an operation, PartitionKey
 * {@code <operationId>-<shard>} with {@value RolloutEntities#SHARDS} shards by CRC-32 of the device id (writes spread
 * over partitions and no partition holds a whole 100k operation), RowKey = the (escaped) device id. Written in
 * transactional batches of at most 100 upserts per partition, shards in parallel.
 *
 * <p>Pages run shard by shard, each by device id; every row appears exactly once but the order is not globally by
 * device id, and the last page may be empty. The continuation token ({@link ExecutionPageToken}) is the shard and
 * Table Storage's own token within it. {@link #all} is sorted by device id.
 *
 * <p>An execution's error is stored as {@code ErrorCode}/{@code ErrorMessage} plus {@code HasError}, so
 * {@code new ErrorInfo(null, null)} and {@code null} stay distinct. {@code QueueReason}/{@code CancelReason} are
 * absent on rows written before they existed; reading leaves them null and {@link DeviceExecution#restore} derives them.
 */
final class ExecutionTable {
    private static final int BATCH = 100;
    private static final int MAX_TOP = 1000;

    private final TableClient table;
    private final ParallelTasks parallel;

    ExecutionTable(TableClient table, ParallelTasks parallel) {
        this.table = table;
        this.parallel = parallel;
    }

    /** Upserts (replace) executions in per-partition transactions of at most 100, shards in parallel; the last of a device wins. */
    void write(String operationId, List<DeviceExecution> list) {
        if (list == null || list.isEmpty()) {
            return;
        }
        Map<String, DeviceExecution> unique = new LinkedHashMap<>(); // a batch may not touch one entity twice
        for (DeviceExecution e : list) {
            unique.put(e.deviceId(), e);
        }
        Map<String, List<TableEntity>> byPartition = unique.values().stream()
                .map(e -> executionEntity(operationId, e))
                .collect(Collectors.groupingBy(TableEntity::getPartitionKey, LinkedHashMap::new, Collectors.toList()));
        List<Callable<Void>> writes = new ArrayList<>();
        for (List<TableEntity> partition : byPartition.values()) {
            writes.add(() -> {
                for (int from = 0; from < partition.size(); from += BATCH) {
                    List<TableTransactionAction> actions = new ArrayList<>();
                    for (TableEntity e : partition.subList(from, Math.min(partition.size(), from + BATCH))) {
                        actions.add(new TableTransactionAction(TableTransactionActionType.UPSERT_REPLACE, e));
                    }
                    table.submitTransaction(actions);
                }
                return null;
            });
        }
        parallel.runAll(writes);
    }

    /** Every execution of the operation, by device id; the shards are read in parallel. */
    List<DeviceExecution> all(String operationId) {
        List<Callable<List<DeviceExecution>>> reads = new ArrayList<>();
        for (int shard = 0; shard < SHARDS; shard++) {
            String filter = "PartitionKey eq " + literal(RolloutEntities.executionPartition(operationId, shard));
            reads.add(() -> {
                List<DeviceExecution> part = new ArrayList<>();
                ListEntitiesOptions options =
                        new ListEntitiesOptions().setFilter(filter).setTop(MAX_TOP);
                for (TableEntity e : table.listEntities(options, null, null)) {
                    part.add(execution(e));
                }
                return part;
            });
        }
        List<DeviceExecution> all = new ArrayList<>();
        parallel.runAll(reads).forEach(all::addAll);
        all.sort(Comparator.comparing(DeviceExecution::deviceId));
        return all;
    }

    /**
     * At most {@code pageSize} executions from where {@code at} stopped, optionally only those in {@code state}.
     *
     * @return the page; its continuation token is null once every shard was read
     */
    Page<DeviceExecution> page(String operationId, ExecutionState state, ExecutionPageToken at, int pageSize) {
        int shard = at.shard();
        String tableToken = at.tableToken();
        List<DeviceExecution> items = new ArrayList<>();
        while (shard < SHARDS && items.size() < pageSize) {
            String filter = "PartitionKey eq " + literal(RolloutEntities.executionPartition(operationId, shard))
                    + (state == null ? "" : " and State eq " + literal(state.name()));
            int want = Math.min(MAX_TOP, pageSize - items.size());
            ListEntitiesOptions options =
                    new ListEntitiesOptions().setFilter(filter).setTop(want);
            var pages = table.listEntities(options, null, null);
            Iterator<PagedResponse<TableEntity>> it =
                    (tableToken == null ? pages.iterableByPage() : pages.iterableByPage(tableToken)).iterator();
            if (!it.hasNext()) {
                shard++;
                tableToken = null;
                continue;
            }
            PagedResponse<TableEntity> page = it.next();
            List<TableEntity> values = page.getValue();
            if (values.size() > want) {
                throw new IllegalStateException(
                        "Table Storage returned " + values.size() + " entities for $top=" + want);
            }
            values.forEach(e -> items.add(execution(e)));
            tableToken = page.getContinuationToken();
            if (tableToken == null) {
                shard++;
            }
        }
        String next = shard >= SHARDS ? null : new ExecutionPageToken(shard, tableToken).encode();
        return new Page<>(items, next);
    }

    // ---- mapping ----

    static TableEntity executionEntity(String operationId, DeviceExecution x) {
        TableEntity e = new TableEntity(
                RolloutEntities.executionPartition(operationId, RolloutEntities.shard(x.deviceId())),
                RolloutEntities.escapeKey(x.deviceId()));
        e.addProperty("DeviceId", x.deviceId());
        e.addProperty("Wave", x.wave());
        put(e, "State", x.state() == null ? null : x.state().name());
        e.addProperty("Attempt", x.attempt());
        put(e, "NotBefore", instant(x.notBefore()));
        put(e, "DispatchedAt", instant(x.dispatchedAt()));
        put(e, "UpdatedAt", instant(x.updatedAt()));
        put(e, "LastDetail", x.lastDetail());
        put(e, "QueueReason", x.queueReason() == null ? null : x.queueReason().name());
        put(
                e,
                "CancelReason",
                x.cancelReason() == null ? null : x.cancelReason().name());
        if (x.error() != null) {
            e.addProperty("HasError", true);
            put(e, "ErrorCode", x.error().code());
            put(e, "ErrorMessage", x.error().message());
        }
        return e;
    }

    static DeviceExecution execution(TableEntity e) {
        String state = str(e, "State");
        ErrorInfo error = Boolean.TRUE.equals(e.getProperty("HasError"))
                ? new ErrorInfo(str(e, "ErrorCode"), str(e, "ErrorMessage"))
                : null;
        // Rows saved before reasons existed have neither column: restore derives them.
        String queue = str(e, "QueueReason");
        String cancel = str(e, "CancelReason");
        return DeviceExecution.restore(
                str(e, "DeviceId"),
                integer(e, "Wave"),
                state == null ? null : ExecutionState.valueOf(state),
                integer(e, "Attempt"),
                instant(str(e, "NotBefore")),
                instant(str(e, "DispatchedAt")),
                instant(str(e, "UpdatedAt")),
                str(e, "LastDetail"),
                error,
                queue == null ? null : QueueReason.valueOf(queue),
                cancel == null ? null : CancelReason.valueOf(cancel));
    }
}
