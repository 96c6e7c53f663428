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
import com.azure.data.tables.models.TableServiceException;
import com.azure.data.tables.models.TableTransactionAction;
import com.azure.data.tables.models.TableTransactionActionType;
import com.azure.data.tables.models.TableTransactionFailedException;
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
 * <p><b>Work index.</b> Next to each unfinished device's row, in the same partition, is a copy of it under a key that
 * sorts by what a tick looks for ({@link WorkIndex}): queued devices by wave, then next try; in-flight devices by
 * dispatch time. A tick reads key ranges ("queued in waves up to 2, due now", "dispatched before the timeout")
 * instead of the whole operation, so its cost follows what changes. The copy is written in the same transaction as
 * the row (one partition), so the two never disagree; execution rows sort below {@code '~'} and index rows above it.
 * Operations stored before the index existed have no index rows: their range reads scan the rows instead.
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
        write(operationId, list, null);
    }

    /**
     * {@link #write}, keeping the work index: each device's row, its index entry and the removal of its old entry
     * (found from {@code before}, the rows as the caller read them; a device missing there is new) go in one
     * transaction. With {@code before} null the operation has no index and only rows are written.
     */
    void write(String operationId, List<DeviceExecution> list, Map<String, DeviceExecution> before) {
        if (list == null || list.isEmpty()) {
            return;
        }
        Map<String, DeviceExecution> unique = new LinkedHashMap<>(); // a batch may not touch one entity twice
        for (DeviceExecution e : list) {
            unique.put(e.deviceId(), e);
        }
        Map<String, List<List<TableTransactionAction>>> byPartition = new LinkedHashMap<>();
        for (DeviceExecution e : unique.values()) {
            TableEntity row = executionEntity(operationId, e);
            List<TableTransactionAction> actions = new ArrayList<>(3);
            actions.add(new TableTransactionAction(TableTransactionActionType.UPSERT_REPLACE, row));
            if (before != null) {
                actions.addAll(WorkIndex.moves(row, before.get(e.deviceId()), e));
            }
            byPartition
                    .computeIfAbsent(row.getPartitionKey(), k -> new ArrayList<>())
                    .add(actions);
        }
        List<Callable<Void>> writes = new ArrayList<>();
        for (List<List<TableTransactionAction>> partition : byPartition.values()) {
            writes.add(() -> {
                List<TableTransactionAction> batch = new ArrayList<>();
                for (List<TableTransactionAction> device : partition) {
                    if (batch.size() + device.size() > BATCH) {
                        submit(batch);
                        batch = new ArrayList<>();
                    }
                    batch.addAll(device); // a device's row and index entries never span two transactions
                }
                submit(batch);
                return null;
            });
        }
        parallel.runAll(writes);
    }

    private void submit(List<TableTransactionAction> batch) {
        if (batch.isEmpty()) {
            return;
        }
        try {
            table.submitTransaction(batch);
        } catch (TableTransactionFailedException e) {
            if (batch.stream().noneMatch(a -> a.getActionType() == TableTransactionActionType.DELETE)) {
                throw e;
            }
            // An index entry to remove was not there (a row written before the index existed, or a caller whose
            // "before" was not what is stored): write one action at a time, where a missing entry is no error.
            for (TableTransactionAction a : batch) {
                if (a.getActionType() == TableTransactionActionType.DELETE) {
                    TableEntity gone = a.getEntity();
                    try {
                        table.deleteEntity(gone.getPartitionKey(), gone.getRowKey());
                    } catch (TableServiceException missing) {
                        if (Tables.status(missing) != 404) {
                            throw missing;
                        }
                    }
                } else {
                    table.upsertEntity(a.getEntity());
                }
            }
        }
    }

    /** The stored rows of those of {@code deviceIds} the operation has: point reads, in parallel. */
    List<DeviceExecution> rows(String operationId, java.util.Collection<String> deviceIds) {
        List<Callable<List<DeviceExecution>>> reads = new ArrayList<>();
        for (String deviceId : new java.util.LinkedHashSet<>(deviceIds)) {
            reads.add(() -> {
                TableEntity e = Tables.find(
                        table,
                        RolloutEntities.executionPartition(operationId, RolloutEntities.shard(deviceId)),
                        RolloutEntities.escapeKey(deviceId));
                return e == null ? List.of() : List.of(execution(e));
            });
        }
        List<DeviceExecution> out = new ArrayList<>();
        parallel.runAll(reads).forEach(out::addAll);
        return out;
    }

    /**
     * At most {@code limit} index entries in {@code range} (with {@code extraFilter}, or null) across the shards, in
     * key order within each shard. Each shard is asked for its share; shards that had more are asked again while the
     * others fell short, so a skewed operation still fills the limit, and a balanced one costs one request per shard.
     */
    List<DeviceExecution> indexRange(String operationId, WorkIndex.Range range, String extraFilter, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        String[] tokens = new String[SHARDS];
        boolean[] open = new boolean[SHARDS];
        java.util.Arrays.fill(open, true);
        List<DeviceExecution> out = new ArrayList<>();
        while (out.size() < limit) {
            List<Integer> shards = new ArrayList<>();
            for (int s = 0; s < SHARDS; s++) {
                if (open[s]) {
                    shards.add(s);
                }
            }
            if (shards.isEmpty()) {
                break;
            }
            int share = Math.min(MAX_TOP, Math.max(1, -Math.floorDiv(-(limit - out.size()), shards.size())));
            List<Callable<List<DeviceExecution>>> reads = new ArrayList<>();
            for (int s : shards) {
                String filter = "PartitionKey eq " + literal(RolloutEntities.executionPartition(operationId, s))
                        + " and RowKey ge " + literal(range.from()) + " and RowKey lt " + literal(range.to())
                        + (extraFilter == null ? "" : " and " + extraFilter);
                reads.add(() -> {
                    ListEntitiesOptions options =
                            new ListEntitiesOptions().setFilter(filter).setTop(share);
                    var pages = table.listEntities(options, null, null);
                    Iterator<PagedResponse<TableEntity>> it =
                            (tokens[s] == null ? pages.iterableByPage() : pages.iterableByPage(tokens[s])).iterator();
                    List<DeviceExecution> part = new ArrayList<>();
                    if (it.hasNext()) {
                        PagedResponse<TableEntity> page = it.next();
                        page.getValue().forEach(e -> part.add(execution(e)));
                        tokens[s] = page.getContinuationToken();
                    } else {
                        tokens[s] = null;
                    }
                    open[s] = tokens[s] != null;
                    return part;
                });
            }
            parallel.runAll(reads).forEach(out::addAll);
        }
        out.sort(Comparator.comparing(WorkIndex::key));
        return out.size() > limit ? out.subList(0, limit) : out;
    }

    /** Every execution of the operation, by device id; the shards are read in parallel. */
    List<DeviceExecution> all(String operationId) {
        List<Callable<List<DeviceExecution>>> reads = new ArrayList<>();
        for (int shard = 0; shard < SHARDS; shard++) {
            String filter = "PartitionKey eq " + literal(RolloutEntities.executionPartition(operationId, shard))
                    + " and RowKey lt " + literal(WorkIndex.FIRST_KEY);
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
                    + " and RowKey lt " + literal(WorkIndex.FIRST_KEY)
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
