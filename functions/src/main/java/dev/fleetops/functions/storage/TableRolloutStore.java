package dev.fleetops.functions.storage;

import static dev.fleetops.functions.storage.RolloutEntities.KEY_PARTITION;
import static dev.fleetops.functions.storage.RolloutEntities.OPERATION_PARTITION;
import static dev.fleetops.functions.storage.RolloutEntities.SHARDS;
import static dev.fleetops.functions.storage.RolloutEntities.literal;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.rest.PagedResponse;
import com.azure.core.http.rest.Response;
import com.azure.data.tables.TableClient;
import com.azure.data.tables.TableServiceClient;
import com.azure.data.tables.models.ListEntitiesOptions;
import com.azure.data.tables.models.TableEntity;
import com.azure.data.tables.models.TableEntityUpdateMode;
import com.azure.data.tables.models.TableServiceException;
import com.azure.data.tables.models.TableTransactionAction;
import com.azure.data.tables.models.TableTransactionActionType;
import dev.fleetops.core.rollout.service.AuditEvent;
import dev.fleetops.core.rollout.service.ConcurrentUpdateException;
import dev.fleetops.core.rollout.service.Page;
import dev.fleetops.core.rollout.service.RolloutStore;
import dev.fleetops.core.rollout.service.StoredRollout;
import dev.fleetops.core.rollout.DeviceExecution;
import dev.fleetops.core.rollout.ExecutionState;
import dev.fleetops.core.rollout.RolloutState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * {@link RolloutStore} on Azure Table Storage (Azurite locally), laid out for operations of up to
 * 100,000 devices.
 *
 * <ul>
 * <li>{@value #OPERATIONS}: one entity per operation (PartitionKey {@code op}, RowKey = id). Saves
 * are conditional on the entity's ETag (If-Match), so of two writers that read the same version only
 * one succeeds; the other gets {@link ConcurrentUpdateException}.</li>
 * <li>{@value #IDEMPOTENCY}: one entity per idempotency key (PartitionKey {@code key}, RowKey =
 * SHA-256 hex of the key) holding the operation id and request hash. It is inserted with
 * {@code createEntity} <em>before</em> anything else is written, so of concurrent creates with one
 * key exactly one wins (the others get 409 and read the winner's claim).</li>
 * <li>{@value #EXECUTIONS}: one entity per device, PartitionKey {@code <operationId>-<shard>} with
 * {@value RolloutEntities#SHARDS} shards by CRC-32 of the device id (writes spread over partitions and
 * no partition holds a whole 100k operation), RowKey = the (escaped) device id. Written in
 * transactional batches of at most 100 upserts per partition, shards in parallel.</li>
 * <li>{@value #AUDIT}: PartitionKey = operation id, RowKey = the event's instant (zero-padded), a
 * per-writer sequence and a random suffix, so a partition scan is oldest first and two writers never
 * collide.</li>
 * </ul>
 *
 * <p>Ordering and consistency notes:
 * <ul>
 * <li>{@code create} writes claim, executions, then the operation entity last: an operation that
 * {@code get}, {@code list} or {@code active} can see has all its executions. A create that loses the
 * key race waits up to {@code awaitExisting} for the winner's operation to appear; if it is still
 * missing then it throws {@link ConcurrentUpdateException} ("retry"). A claim whose creator failed is
 * deleted (best effort); one whose creator died is taken over after {@code claimTimeout} (15 minutes).</li>
 * <li>{@code save} checks the etag with a point read first (a stale save normally writes nothing),
 * then upserts the executions, then replaces the operation with If-Match. Between the check and the
 * final write another writer may win; its executions and ours are then both written, and the loser's
 * operation write fails. This is the port's documented order ("executions, then the operation"):
 * Table Storage has no transactions across partitions.</li>
 * <li>Execution pages run shard by shard, each by device id; every row appears exactly once but the
 * order is not globally by device id. The last page may be empty. {@code executions(id)} is sorted by
 * device id.</li>
 * <li>{@code list(max)} scans the operations partition (at most {@value #LIST_SCAN_LIMIT} entities)
 * keeping the newest {@code max} by {@code createdAt} in a heap; fine for the human-scale number of
 * operations. A reverse-time index table is the next step if that grows.</li>
 * </ul>
 */
public final class TableRolloutStore implements RolloutStore {
    static final String OPERATIONS = "fleetopsOperations";
    static final String IDEMPOTENCY = "fleetopsIdempotency";
    static final String EXECUTIONS = "fleetopsExecutions";
    static final String AUDIT = "fleetopsAudit";
    static final int LIST_SCAN_LIMIT = 50_000;
    private static final int BATCH = 100;
    private static final int MAX_TOP = 1000;
    private static final int PARALLELISM = 4;

    private final TableServiceClient service;
    private final TableClient operations;
    private final TableClient idempotency;
    private final TableClient executions;
    private final TableClient audit;
    private final Duration awaitExisting;
    private final Duration claimTimeout;
    private final AtomicLong auditSequence = new AtomicLong(System.currentTimeMillis() * 1000);
    private final ExecutorService pool;
    private volatile boolean tablesReady;

    public TableRolloutStore(TableServiceClient service) {
        this(service, Duration.ofSeconds(20), Duration.ofMinutes(15));
    }

    /**
     * @param awaitExisting how long a create that lost the idempotency-key race waits for the winner's operation
     * @param claimTimeout  after how long a claimed key whose operation never appeared is taken over
     */
    TableRolloutStore(TableServiceClient service, Duration awaitExisting, Duration claimTimeout) {
        this.service = Objects.requireNonNull(service, "service");
        this.operations = service.getTableClient(OPERATIONS);
        this.idempotency = service.getTableClient(IDEMPOTENCY);
        this.executions = service.getTableClient(EXECUTIONS);
        this.audit = service.getTableClient(AUDIT);
        this.awaitExisting = awaitExisting;
        this.claimTimeout = claimTimeout;
        this.pool = Executors.newFixedThreadPool(PARALLELISM, r -> {
            Thread t = new Thread(r, "fleetops-table-store");
            t.setDaemon(true);
            return t;
        });
    }

    // ---------------------------------------------------------------- create

    @Override
    public CreateResult create(StoredRollout rollout, List<DeviceExecution> executionList, String idempotencyKey, String requestHash) {
        Objects.requireNonNull(rollout, "rollout");
        String id = rollout.rollout().id();
        requireKeySafe(id);
        ensureTables();
        String claimEtag = null;
        String claimRow = idempotencyKey == null ? null : RolloutEntities.sha256Hex(idempotencyKey);
        if (idempotencyKey != null) {
            for (int attempt = 0; claimEtag == null; attempt++) {
                if (attempt >= 5) {
                    throw new ConcurrentUpdateException("idempotency key is contended; retry");
                }
                TableEntity claim = new TableEntity(KEY_PARTITION, claimRow).addProperty("OperationId", id);
                if (requestHash != null) {
                    claim.addProperty("RequestHash", requestHash);
                }
                try {
                    claimEtag = etag(idempotency.createEntityWithResponse(claim, null, null), idempotency, KEY_PARTITION, claimRow);
                } catch (TableServiceException e) {
                    if (e.getResponse().getStatusCode() != 409) {
                        throw e;
                    }
                    TableEntity existing = find(idempotency, KEY_PARTITION, claimRow);
                    if (existing == null) {
                        continue; // the other creator failed and released the key: try again
                    }
                    String existingId = RolloutEntities.str(existing, "OperationId");
                    if (!Objects.equals(RolloutEntities.str(existing, "RequestHash"), requestHash)) {
                        return new CreateResult.KeyConflict(existingId);
                    }
                    Optional<StoredRollout> winner = awaitOperation(existingId);
                    if (winner.isPresent()) {
                        return new CreateResult.Existing(winner.get());
                    }
                    if (!isAbandoned(existing)) {
                        throw new ConcurrentUpdateException("operation " + existingId
                                + " with this idempotency key is still being created; retry");
                    }
                    claimEtag = takeOver(existing, claim);
                }
            }
        }
        try {
            if (find(operations, OPERATION_PARTITION, id) != null) {
                throw new IllegalStateException("operation " + id + " exists already");
            }
            writeExecutions(id, executionList);
            TableEntity entity = RolloutEntities.operationEntity(rollout, idempotencyKey, requestHash);
            String etag = etag(operations.createEntityWithResponse(entity, null, null), operations, OPERATION_PARTITION, id);
            return new CreateResult.Created(rollout.withEtag(etag));
        } catch (RuntimeException e) {
            if (claimEtag != null) {
                releaseClaim(claimRow, claimEtag, e);
            }
            if (e instanceof TableServiceException t && t.getResponse().getStatusCode() == 409) {
                throw new IllegalStateException("operation " + id + " exists already", e);
            }
            throw e;
        }
    }

    private Optional<StoredRollout> awaitOperation(String id) {
        long deadline = System.nanoTime() + awaitExisting.toNanos();
        while (true) {
            Optional<StoredRollout> found = isKeySafe(id) ? get(id) : Optional.empty();
            if (found.isPresent() || System.nanoTime() >= deadline) {
                return found;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }
    }

    private boolean isAbandoned(TableEntity claim) {
        return claim.getTimestamp() != null && !claim.getTimestamp().toInstant().plus(claimTimeout).isAfter(Instant.now());
    }

    /** Replaces an abandoned claim, conditional on it not having changed; null if someone else did first. */
    private String takeOver(TableEntity existing, TableEntity claim) {
        claim.addProperty("odata.etag", existing.getETag());
        try {
            return etag(idempotency.updateEntityWithResponse(claim, TableEntityUpdateMode.REPLACE, true, null, null), idempotency,
                    KEY_PARTITION, claim.getRowKey());
        } catch (TableServiceException e) {
            if (e.getResponse().getStatusCode() == 412 || e.getResponse().getStatusCode() == 404) {
                return null;
            }
            throw e;
        }
    }

    private void releaseClaim(String claimRow, String claimEtag, RuntimeException cause) {
        try {
            TableEntity claim = new TableEntity(KEY_PARTITION, claimRow).addProperty("odata.etag", claimEtag);
            idempotency.deleteEntityWithResponse(claim, true, null, null);
        } catch (RuntimeException e) {
            cause.addSuppressed(e); // an abandoned claim is taken over after claimTimeout
        }
    }

    // ---------------------------------------------------------------- reads

    @Override
    public Optional<StoredRollout> get(String id) {
        if (!isKeySafe(id)) {
            return Optional.empty();
        }
        ensureTables();
        TableEntity e = find(operations, OPERATION_PARTITION, id);
        return e == null ? Optional.empty() : Optional.of(RolloutEntities.operation(e));
    }

    @Override
    public List<StoredRollout> list(int max) {
        if (max <= 0) {
            return List.of();
        }
        ensureTables();
        Comparator<StoredRollout> newest = Comparator.comparing((StoredRollout r) -> r.rollout().createdAt())
                .thenComparing(r -> r.rollout().id());
        PriorityQueue<StoredRollout> heap = new PriorityQueue<>(newest); // smallest (oldest) on top
        ListEntitiesOptions options = new ListEntitiesOptions().setFilter("PartitionKey eq " + literal(OPERATION_PARTITION));
        int scanned = 0;
        for (TableEntity e : operations.listEntities(options, null, null)) {
            heap.add(RolloutEntities.operation(e));
            if (heap.size() > max) {
                heap.poll();
            }
            if (++scanned >= LIST_SCAN_LIMIT) {
                break;
            }
        }
        List<StoredRollout> out = new ArrayList<>(heap);
        out.sort(newest.reversed());
        return out;
    }

    @Override
    public List<StoredRollout> active() {
        ensureTables();
        StringBuilder filter = new StringBuilder("PartitionKey eq ").append(literal(OPERATION_PARTITION));
        for (RolloutState s : RolloutState.values()) {
            if (s.isTerminal()) {
                filter.append(" and State ne ").append(literal(s.name()));
            }
        }
        List<StoredRollout> out = new ArrayList<>();
        for (TableEntity e : operations.listEntities(new ListEntitiesOptions().setFilter(filter.toString()), null, null)) {
            out.add(RolloutEntities.operation(e));
        }
        return out;
    }

    @Override
    public List<DeviceExecution> executions(String id) {
        if (!isKeySafe(id)) {
            return List.of();
        }
        ensureTables();
        List<Callable<List<DeviceExecution>>> reads = new ArrayList<>();
        for (int shard = 0; shard < SHARDS; shard++) {
            String filter = "PartitionKey eq " + literal(RolloutEntities.executionPartition(id, shard));
            reads.add(() -> {
                List<DeviceExecution> part = new ArrayList<>();
                ListEntitiesOptions options = new ListEntitiesOptions().setFilter(filter).setTop(MAX_TOP);
                for (TableEntity e : executions.listEntities(options, null, null)) {
                    part.add(RolloutEntities.execution(e));
                }
                return part;
            });
        }
        List<DeviceExecution> all = new ArrayList<>();
        runAll(reads).forEach(all::addAll);
        all.sort(Comparator.comparing(DeviceExecution::deviceId));
        return all;
    }

    @Override
    public Page<DeviceExecution> executions(String id, ExecutionState state, String continuationToken, int pageSize) {
        if (pageSize < 1) {
            throw new IllegalArgumentException("'pageSize' must be at least 1.");
        }
        ExecutionPageToken at = continuationToken == null ? new ExecutionPageToken(0, null) : ExecutionPageToken.decode(continuationToken);
        if (!isKeySafe(id)) {
            return new Page<>(List.of(), null);
        }
        ensureTables();
        int shard = at.shard();
        String tableToken = at.tableToken();
        List<DeviceExecution> items = new ArrayList<>();
        while (shard < SHARDS && items.size() < pageSize) {
            String filter = "PartitionKey eq " + literal(RolloutEntities.executionPartition(id, shard))
                    + (state == null ? "" : " and State eq " + literal(state.name()));
            int want = Math.min(MAX_TOP, pageSize - items.size());
            ListEntitiesOptions options = new ListEntitiesOptions().setFilter(filter).setTop(want);
            var pages = executions.listEntities(options, null, null);
            Iterator<PagedResponse<TableEntity>> it = (tableToken == null ? pages.iterableByPage() : pages.iterableByPage(tableToken))
                    .iterator();
            if (!it.hasNext()) {
                shard++;
                tableToken = null;
                continue;
            }
            PagedResponse<TableEntity> page = it.next();
            List<TableEntity> values = page.getValue();
            if (values.size() > want) {
                throw new IllegalStateException("Table Storage returned " + values.size() + " entities for $top=" + want);
            }
            values.forEach(e -> items.add(RolloutEntities.execution(e)));
            tableToken = page.getContinuationToken();
            if (tableToken == null) {
                shard++;
            }
        }
        String next = shard >= SHARDS ? null : new ExecutionPageToken(shard, tableToken).encode();
        return new Page<>(items, next);
    }

    // ---------------------------------------------------------------- writes

    @Override
    public StoredRollout save(StoredRollout rollout, List<DeviceExecution> changed) {
        Objects.requireNonNull(rollout, "rollout");
        String id = rollout.rollout().id();
        if (rollout.etag() == null) {
            throw new IllegalArgumentException("'etag' is required to save operation " + id);
        }
        if (!isKeySafe(id)) {
            throw new IllegalArgumentException("'id' is unknown: " + id);
        }
        ensureTables();
        TableEntity current = find(operations, OPERATION_PARTITION, id);
        if (current == null) {
            throw new IllegalArgumentException("'id' is unknown: " + id);
        }
        if (!canonicalEtag(rollout.etag()).equals(canonicalEtag(current.getETag()))) {
            throw new ConcurrentUpdateException("operation " + id + " changed since it was read");
        }
        writeExecutions(id, changed);
        TableEntity entity = RolloutEntities.operationEntity(rollout, RolloutEntities.str(current, "IdempotencyKey"),
                RolloutEntities.str(current, "RequestHash"));
        entity.addProperty("odata.etag", canonicalEtag(rollout.etag()));
        try {
            Response<Void> r = operations.updateEntityWithResponse(entity, TableEntityUpdateMode.REPLACE, true, null, null);
            return rollout.withEtag(etag(r, operations, OPERATION_PARTITION, id));
        } catch (TableServiceException e) {
            int status = e.getResponse().getStatusCode();
            if (status == 412) {
                throw new ConcurrentUpdateException("operation " + id + " changed since it was read");
            }
            if (status == 404) {
                throw new IllegalArgumentException("'id' is unknown: " + id, e);
            }
            throw e;
        }
    }

    @Override
    public void audit(String id, AuditEvent event) {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(event.at(), "event.at");
        requireKeySafe(id);
        ensureTables();
        String row = RolloutEntities.auditRowKey(event.at(), auditSequence.incrementAndGet(), ThreadLocalRandom.current().nextInt());
        audit.createEntity(RolloutEntities.auditEntity(id, row, event));
    }

    @Override
    public List<AuditEvent> auditTrail(String id) {
        if (!isKeySafe(id)) {
            return List.of();
        }
        ensureTables();
        List<AuditEvent> out = new ArrayList<>();
        for (TableEntity e : audit.listEntities(new ListEntitiesOptions().setFilter("PartitionKey eq " + literal(id)), null, null)) {
            out.add(RolloutEntities.auditEvent(e));
        }
        return out;
    }

    /** Upserts (replace) executions in per-partition transactions of at most 100, shards in parallel. */
    private void writeExecutions(String id, List<DeviceExecution> list) {
        if (list == null || list.isEmpty()) {
            return;
        }
        Map<String, DeviceExecution> unique = new LinkedHashMap<>(); // a batch may not touch one entity twice
        for (DeviceExecution e : list) {
            unique.put(e.deviceId(), e);
        }
        Map<String, List<TableEntity>> byPartition = unique.values().stream()
                .map(e -> RolloutEntities.executionEntity(id, e))
                .collect(Collectors.groupingBy(TableEntity::getPartitionKey, LinkedHashMap::new, Collectors.toList()));
        List<Callable<Void>> writes = new ArrayList<>();
        for (List<TableEntity> partition : byPartition.values()) {
            writes.add(() -> {
                for (int from = 0; from < partition.size(); from += BATCH) {
                    List<TableTransactionAction> actions = new ArrayList<>();
                    for (TableEntity e : partition.subList(from, Math.min(partition.size(), from + BATCH))) {
                        actions.add(new TableTransactionAction(TableTransactionActionType.UPSERT_REPLACE, e));
                    }
                    executions.submitTransaction(actions);
                }
                return null;
            });
        }
        runAll(writes);
    }

    // ---------------------------------------------------------------- plumbing

    private void ensureTables() {
        if (tablesReady) {
            return;
        }
        synchronized (this) {
            if (!tablesReady) {
                for (String table : List.of(OPERATIONS, IDEMPOTENCY, EXECUTIONS, AUDIT)) {
                    service.createTableIfNotExists(table);
                }
                tablesReady = true;
            }
        }
    }

    private <T> List<T> runAll(List<Callable<T>> tasks) {
        if (tasks.size() == 1) {
            try {
                List<T> one = new ArrayList<>(1);
                one.add(tasks.get(0).call());
                return one;
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        List<Future<T>> futures = new ArrayList<>();
        for (Callable<T> t : tasks) {
            futures.add(pool.submit(t));
        }
        List<T> out = new ArrayList<>();
        RuntimeException failure = null;
        for (Future<T> f : futures) {
            try {
                out.add(f.get());
            } catch (ExecutionException e) {
                RuntimeException cause = e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
                if (failure == null) {
                    failure = cause;
                } else {
                    failure.addSuppressed(cause);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                futures.forEach(x -> x.cancel(true));
                throw new IllegalStateException("interrupted", e);
            }
        }
        if (failure != null) {
            throw failure;
        }
        return out;
    }

    private static TableEntity find(TableClient table, String partition, String row) {
        try {
            return table.getEntity(partition, row);
        } catch (TableServiceException e) {
            if (e.getResponse().getStatusCode() == 404) {
                return null;
            }
            throw e;
        }
    }

    /** The ETag header of a write, in the entity's form ({@code W/"datetime'…'"}), or the stored entity's if the response has none. */
    private static String etag(Response<?> response, TableClient table, String partition, String row) {
        String etag = response.getHeaders().getValue(HttpHeaderName.ETAG);
        if (etag != null) {
            return canonicalEtag(etag);
        }
        TableEntity e = find(table, partition, row);
        if (e == null) {
            throw new IllegalStateException("entity " + partition + "/" + row + " vanished after it was written");
        }
        return e.getETag();
    }

    /**
     * Undoes the SDK's header scrubbing: its TableScrubEtagPolicy strips quotes around the ETag header
     * and so turns the weak {@code W/"datetime'…'"} into {@code W/"datetime'…'}, which is neither what
     * {@code getEntity} reports nor accepted as If-Match.
     */
    static String canonicalEtag(String etag) {
        if (etag.startsWith("W/\"") && !etag.endsWith("\"")) {
            return etag + "\"";
        }
        if (!etag.startsWith("W/") && !etag.startsWith("\"")) {
            return "\"" + etag + "\"";
        }
        return etag;
    }

    private static boolean isKeySafe(String id) {
        return RolloutEntities.isKeySafe(id);
    }

    private static void requireKeySafe(String id) {
        if (!isKeySafe(id)) {
            throw new IllegalArgumentException("'id' must be 1 to " + RolloutEntities.MAX_ID_LENGTH
                    + " characters without / \\ # ? or control characters: " + id);
        }
    }
}
