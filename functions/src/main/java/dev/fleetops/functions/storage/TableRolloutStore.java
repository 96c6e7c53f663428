package dev.fleetops.functions.storage;

import com.azure.data.tables.TableServiceClient;
import com.azure.data.tables.models.TableEntity;
import com.azure.data.tables.models.TableServiceException;
import dev.fleetops.core.rollout.DeviceExecution;
import dev.fleetops.core.rollout.ExecutionState;
import dev.fleetops.core.rollout.service.AuditEvent;
import dev.fleetops.core.rollout.service.ConcurrentUpdateException;
import dev.fleetops.core.rollout.service.DecisionRecorder;
import dev.fleetops.core.rollout.service.DispatchAnswer;
import dev.fleetops.core.rollout.service.Page;
import dev.fleetops.core.rollout.service.RolloutStore;
import dev.fleetops.core.rollout.service.StoredRollout;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link RolloutStore} on Azure Table Storage (Azurite locally), laid out for operations of up to 100,000 devices in
 * five tables, each with its own class: {@link OperationTable} ({@value #OPERATIONS}), {@link ExecutionTable}
 * ({@value #EXECUTIONS}, sharded), {@link AuditTable} ({@value #AUDIT}), {@link AnswerTable} ({@value #ANSWERS}: queue-triggered workers' answers) and
 * {@link IdempotencyClaims}
 * ({@value #IDEMPOTENCY}, the claim protocol). This class orders the writes across them; the tables are created on
 * first use.
 *
 * <p>Ordering and consistency:
 * <ul>
 * <li>{@code create} writes the claim, the executions, then the operation entity last: an operation that
 * {@code get}, {@code list} or {@code active} can see has all its executions. A create that loses the key race waits
 * for the winner's operation or answers "retry"; a claim whose creator failed is released (best effort), one whose
 * creator died is taken over later (see {@link IdempotencyClaims}).</li>
 * <li>Each unfinished device also has a work-index entry next to its row ({@link WorkIndex}), written in the same
 * transaction, so a tick reads what can change ({@link #queued}, {@link #inProgress}) instead of the whole
 * operation. Operations created before the index existed have none ({@code WorkIndex} property absent on the
 * operation row) and are read the old way.</li>
 * <li>{@code save} checks the etag with a point read first (a stale save normally writes nothing), then upserts the
 * executions, then replaces the operation with If-Match. Between the check and the final write another writer may
 * win; its executions and ours are then both written, and the loser's operation write fails. This is the port's
 * documented order ("executions, then the operation"): Table Storage has no transactions across partitions.</li>
 * </ul>
 */
public final class TableRolloutStore implements RolloutStore {
    static final String OPERATIONS = "fleetopsOperations";
    static final String IDEMPOTENCY = "fleetopsIdempotency";
    static final String EXECUTIONS = "fleetopsExecutions";
    static final String AUDIT = "fleetopsAudit";
    static final String ANSWERS = "fleetopsDispatchAnswers";
    private static final int PARALLELISM = 4;
    private static final Duration FIRST_PAUSE = Duration.ofMillis(50);
    private static final Duration MAX_PAUSE = Duration.ofSeconds(1);

    private final TableServiceClient service;
    private final Clock clock;
    private final OperationTable operations;
    private final ExecutionTable executions;
    private final AuditTable audit;
    private final AnswerTable answers;
    private final IdempotencyClaims claims;
    private final DecisionRecorder recorder;
    private volatile boolean tablesReady;

    public TableRolloutStore(TableServiceClient service) {
        this(service, DecisionRecorder.NONE);
    }

    /**
     * @param recorder told what each save stores once the save holds its operation, before the device rows are written
     *                 (the events outbox: docs/rollouts.md, "Events")
     */
    public TableRolloutStore(TableServiceClient service, DecisionRecorder recorder) {
        this(
                service,
                Duration.ofSeconds(20),
                Duration.ofMinutes(15),
                Clock.systemUTC(),
                BoundedWait.Sleeper.THREAD,
                recorder);
    }

    /**
     * @param awaitExisting how long a create that lost the idempotency-key race waits for the winner's operation
     * @param claimTimeout  after how long a claimed key whose operation never appeared is taken over
     */
    TableRolloutStore(TableServiceClient service, Duration awaitExisting, Duration claimTimeout) {
        this(service, awaitExisting, claimTimeout, Clock.systemUTC(), BoundedWait.Sleeper.THREAD);
    }

    /**
     * @param clock   the claim protocol's time (and where the audit sequence starts)
     * @param sleeper how the claim protocol pauses between reads while it waits for another creator
     */
    TableRolloutStore(
            TableServiceClient service,
            Duration awaitExisting,
            Duration claimTimeout,
            Clock clock,
            BoundedWait.Sleeper sleeper) {
        this(service, awaitExisting, claimTimeout, clock, sleeper, DecisionRecorder.NONE);
    }

    private TableRolloutStore(
            TableServiceClient service,
            Duration awaitExisting,
            Duration claimTimeout,
            Clock clock,
            BoundedWait.Sleeper sleeper,
            DecisionRecorder recorder) {
        this.recorder = Objects.requireNonNull(recorder, "recorder");
        this.service = Objects.requireNonNull(service, "service");
        this.clock = clock;
        this.operations = new OperationTable(service.getTableClient(OPERATIONS));
        this.executions = new ExecutionTable(
                service.getTableClient(EXECUTIONS), new ParallelTasks(PARALLELISM, "fleetops-table-store"));
        this.audit = new AuditTable(service.getTableClient(AUDIT), clock.millis() * 1000);
        this.answers = new AnswerTable(service.getTableClient(ANSWERS));
        this.claims = new IdempotencyClaims(
                service.getTableClient(IDEMPOTENCY),
                operations::get,
                clock,
                new BoundedWait(clock, sleeper, FIRST_PAUSE, MAX_PAUSE),
                awaitExisting,
                claimTimeout,
                IDEMPOTENCY_TTL);
    }

    /**
     * How long a save holds its operation (the claim, see {@link #save}). A save writes a few thousand rows at most
     * in a few seconds; a writer that died mid-save delays the next one by at most this.
     */
    static final Duration SAVE_LEASE = Duration.ofSeconds(30);

    // ---------------------------------------------------------------- create

    @Override
    public CreateResult create(
            StoredRollout rollout, List<DeviceExecution> executionList, String idempotencyKey, String requestHash) {
        Objects.requireNonNull(rollout, "rollout");
        String id = rollout.rollout().id();
        requireKeySafe(id);
        ensureTables();
        IdempotencyClaims.Outcome.Won claim = null;
        if (idempotencyKey != null) {
            IdempotencyClaims.Outcome outcome = claims.claim(idempotencyKey, id, requestHash);
            if (outcome instanceof IdempotencyClaims.Outcome.Replay replay) {
                return new CreateResult.Existing(replay.existing());
            }
            if (outcome instanceof IdempotencyClaims.Outcome.Conflict conflict) {
                return new CreateResult.KeyConflict(conflict.existingId());
            }
            claim = (IdempotencyClaims.Outcome.Won) outcome;
        }
        try {
            if (operations.entity(id) != null) {
                throw new IllegalStateException("operation " + id + " exists already");
            }
            executions.write(id, executionList, Map.of());
            String etag = operations.insert(rollout, idempotencyKey, requestHash);
            return new CreateResult.Created(rollout.withEtag(etag));
        } catch (RuntimeException e) {
            if (claim != null) {
                claims.release(claim, e);
            }
            if (e instanceof TableServiceException t && Tables.status(t) == 409) {
                throw new IllegalStateException("operation " + id + " exists already", e);
            }
            throw e;
        }
    }

    // ---------------------------------------------------------------- reads

    @Override
    public Optional<StoredRollout> get(String id) {
        if (!isKeySafe(id)) {
            return Optional.empty();
        }
        ensureTables();
        return operations.get(id);
    }

    @Override
    public List<StoredRollout> list(int max, java.util.function.Predicate<StoredRollout> keep) {
        if (max <= 0) {
            return List.of();
        }
        ensureTables();
        return operations.newest(max, keep);
    }

    @Override
    public List<StoredRollout> active() {
        ensureTables();
        return operations.active();
    }

    @Override
    public List<DeviceExecution> executions(String id) {
        if (!isKeySafe(id)) {
            return List.of();
        }
        ensureTables();
        return executions.all(id);
    }

    @Override
    public Page<DeviceExecution> executions(String id, ExecutionState state, String continuationToken, int pageSize) {
        if (pageSize < 1) {
            throw new IllegalArgumentException("'pageSize' must be at least 1.");
        }
        ExecutionPageToken at = continuationToken == null
                ? new ExecutionPageToken(0, null)
                : ExecutionPageToken.decode(continuationToken);
        if (!isKeySafe(id)) {
            return new Page<>(List.of(), null);
        }
        ensureTables();
        return executions.page(id, state, at, pageSize);
    }

    @Override
    public List<DeviceExecution> executions(String id, Collection<String> deviceIds) {
        if (!isKeySafe(id) || deviceIds.isEmpty()) {
            return List.of();
        }
        ensureTables();
        return executions.rows(id, deviceIds);
    }

    @Override
    public List<DeviceExecution> queued(String id, int maxWave, Instant dueBy, int limit) {
        if (!isKeySafe(id) || limit <= 0) {
            return List.of();
        }
        if (!indexed(id)) {
            return RolloutStore.super.queued(id, maxWave, dueBy, limit);
        }
        return executions.indexRange(id, WorkIndex.queued(maxWave), WorkIndex.dueBy(dueBy), limit);
    }

    @Override
    public List<DeviceExecution> inProgress(String id, Instant dispatchedBy, int limit) {
        if (!isKeySafe(id) || limit <= 0) {
            return List.of();
        }
        if (!indexed(id)) {
            return RolloutStore.super.inProgress(id, dispatchedBy, limit);
        }
        return executions.indexRange(id, WorkIndex.inProgress(dispatchedBy), null, limit);
    }

    /** Operations whose rows have a work index: all created since it exists (never changes once true). */
    private final Map<String, Boolean> indexedOperations = new ConcurrentHashMap<>();

    private boolean indexed(String id) {
        Boolean known = indexedOperations.get(id);
        if (known != null) {
            return known;
        }
        ensureTables();
        TableEntity e = operations.entity(id);
        boolean indexed = e != null && OperationTable.hasWorkIndex(e);
        if (e != null) {
            indexedOperations.put(id, indexed);
        }
        return indexed;
    }

    @Override
    public List<AuditEvent> auditTrail(String id) {
        if (!isKeySafe(id)) {
            return List.of();
        }
        ensureTables();
        return audit.trail(id);
    }

    // ---------------------------------------------------------------- writes

    @Override
    public StoredRollout save(StoredRollout rollout, List<DeviceExecution> changed) {
        return save(rollout, changed, List.of());
    }

    /** Without the rows as they were, the rows are read again (under the save's claim) to move their index entries. */
    @Override
    public StoredRollout save(StoredRollout rollout, List<DeviceExecution> changed, List<AuditEvent> trail) {
        return save(rollout, null, changed, trail);
    }

    /** The trail lines are written after the device rows and before the operation row, under the save's claim. */
    @Override
    public StoredRollout save(
            StoredRollout rollout,
            Map<String, DeviceExecution> before,
            List<DeviceExecution> changed,
            List<AuditEvent> trail) {
        Objects.requireNonNull(rollout, "rollout");
        String id = rollout.rollout().id();
        if (rollout.etag() == null) {
            throw new IllegalArgumentException("'etag' is required to save operation " + id);
        }
        if (!isKeySafe(id)) {
            throw new IllegalArgumentException("'id' is unknown: " + id);
        }
        ensureTables();
        TableEntity current = operations.entity(id);
        if (current == null) {
            throw new IllegalArgumentException("'id' is unknown: " + id);
        }
        if (!Tables.canonicalEtag(rollout.etag()).equals(Tables.canonicalEtag(current.getETag()))) {
            throw new ConcurrentUpdateException("operation " + id + " changed since it was read");
        }
        // Device rows live in other partitions, so no transaction covers them and the operation row. Claim the
        // operation first (a conditional write of the row as it is, plus a lease): of two writers that read the same
        // version only one gets past this point, so a loser never writes device rows, and nobody else saves while
        // the device rows are written. The final replace (under the claim's etag) ends the lease.
        String claimed = operations.claim(current, clock.instant(), SAVE_LEASE);
        if (OperationTable.hasWorkIndex(current)) {
            Map<String, DeviceExecution> was = before;
            if (was == null) {
                was = new HashMap<>();
                for (DeviceExecution e : executions.rows(
                        id, changed.stream().map(DeviceExecution::deviceId).toList())) {
                    was.put(e.deviceId(), e);
                }
            }
            // The decision's events, before anything of it is written: a stored outcome always has its event. A crash
            // after this leaves events of a decision the next tick makes again, with the same ids.
            recorder.record(id, rollout, was, changed, trail);
            executions.write(id, changed, was);
        } else {
            recorder.record(id, rollout, before, changed, trail);
            executions.write(id, changed);
        }
        trail.forEach(e -> audit.append(id, e));
        return rollout.withEtag(operations.replace(rollout.withEtag(claimed), current));
    }

    @Override
    public void audit(String id, AuditEvent event) {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(event.at(), "event.at");
        requireKeySafe(id);
        ensureTables();
        recorder.record(id, null, Map.of(), List.of(), List.of(event));
        audit.append(id, event);
    }

    // ---------------------------------------------------------------- answers of queue-triggered workers

    @Override
    public void appendAnswers(String id, List<DispatchAnswer> add) {
        requireKeySafe(id);
        ensureTables();
        answers.append(id, add);
    }

    @Override
    public List<DispatchAnswer> answers(String id, int limit) {
        requireKeySafe(id);
        ensureTables();
        return answers.read(id, limit);
    }

    @Override
    public void removeAnswers(String id, List<DispatchAnswer> taken) {
        requireKeySafe(id);
        ensureTables();
        answers.remove(id, taken);
    }

    // ---------------------------------------------------------------- plumbing

    private void ensureTables() {
        if (tablesReady) {
            return;
        }
        synchronized (this) {
            if (!tablesReady) {
                for (String table : List.of(OPERATIONS, IDEMPOTENCY, EXECUTIONS, AUDIT, ANSWERS)) {
                    service.createTableIfNotExists(table);
                }
                tablesReady = true;
            }
        }
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
