package dev.fleetops.functions.storage;

import static dev.fleetops.functions.storage.RolloutEntities.instant;
import static dev.fleetops.functions.storage.RolloutEntities.integer;
import static dev.fleetops.functions.storage.RolloutEntities.literal;
import static dev.fleetops.functions.storage.RolloutEntities.put;
import static dev.fleetops.functions.storage.RolloutEntities.str;

import com.azure.core.http.rest.Response;
import com.azure.data.tables.TableClient;
import com.azure.data.tables.models.ListEntitiesOptions;
import com.azure.data.tables.models.TableEntity;
import com.azure.data.tables.models.TableEntityUpdateMode;
import com.azure.data.tables.models.TableServiceException;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.fleetops.core.rollout.Rollout;
import dev.fleetops.core.rollout.RolloutState;
import dev.fleetops.core.rollout.service.ConcurrentUpdateException;
import dev.fleetops.core.rollout.service.ProgressCursor;
import dev.fleetops.core.rollout.service.RolloutJson;
import dev.fleetops.core.rollout.service.StoredRollout;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.PriorityQueue;

/**
 * The operations table ({@value TableRolloutStore#OPERATIONS}): one entity per operation, PartitionKey {@code op},
 * RowKey = the operation id. The two-person approval (who asked, who decided, when) is a JSON column, {@code Approval},
 * written under the same ETag as the state it explains. Writes after the first are conditional on the entity's ETag (If-Match), so of two writers
 * that read the same version only one succeeds; the other gets {@link ConcurrentUpdateException}.
 *
 * <p>{@link #newest} scans the partition (at most {@value #LIST_SCAN_LIMIT} entities) keeping the newest by
 * {@code createdAt} in a heap; fine for the human-scale number of operations. A reverse-time index table is the next
 * step if that grows.
 */
final class OperationTable {
    static final String PARTITION = "op";
    static final int LIST_SCAN_LIMIT = 50_000;

    private final TableClient table;

    OperationTable(TableClient table) {
        this.table = table;
    }

    /** The operation, or empty for an unknown id or one that cannot be a key. */
    Optional<StoredRollout> get(String id) {
        TableEntity e = entity(id);
        return e == null ? Optional.empty() : Optional.of(operation(e));
    }

    /** The stored entity, or null. */
    TableEntity entity(String id) {
        return RolloutEntities.isKeySafe(id) ? Tables.find(table, PARTITION, id) : null;
    }

    /** Newest first by {@code createdAt} (then id), at most {@code max} of those {@code keep} accepts. */
    List<StoredRollout> newest(int max, java.util.function.Predicate<StoredRollout> keep) {
        Comparator<StoredRollout> newest = Comparator.comparing(
                        (StoredRollout r) -> r.rollout().createdAt())
                .thenComparing(r -> r.rollout().id());
        PriorityQueue<StoredRollout> heap = new PriorityQueue<>(newest); // smallest (oldest) on top
        ListEntitiesOptions options = new ListEntitiesOptions().setFilter("PartitionKey eq " + literal(PARTITION));
        int scanned = 0;
        for (TableEntity e : table.listEntities(options, null, null)) {
            StoredRollout r = operation(e);
            if (keep.test(r)) {
                heap.add(r);
            }
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

    /** Operations in a state that is not terminal, and finished ones that may have left goals in twins. */
    List<StoredRollout> active() {
        List<String> notTerminal = new ArrayList<>();
        for (RolloutState s : RolloutState.values()) {
            if (s.isTerminal()) {
                notTerminal.add("State ne " + literal(s.name()));
            }
        }
        String filter = "PartitionKey eq " + literal(PARTITION) + " and ((" + String.join(" and ", notTerminal)
                + ") or GoalsPending eq true or Draining eq true)";
        List<StoredRollout> out = new ArrayList<>();
        for (TableEntity e : table.listEntities(new ListEntitiesOptions().setFilter(filter), null, null)) {
            out.add(operation(e));
        }
        return out;
    }

    /**
     * Inserts a new operation.
     *
     * @return its etag
     * @throws TableServiceException 409 if the id exists
     */
    /** Set on operations whose device rows have work-index entries ({@link WorkIndex}): all created since it exists. */
    static final String WORK_INDEX = "WorkIndex";

    static boolean hasWorkIndex(TableEntity operation) {
        return Boolean.TRUE.equals(operation.getProperty(WORK_INDEX));
    }

    String insert(StoredRollout rollout, String idempotencyKey, String requestHash) {
        TableEntity entity = operationEntity(rollout, idempotencyKey, requestHash);
        entity.addProperty(WORK_INDEX, true);
        return Tables.etag(table.createEntityWithResponse(entity, null, null), table, PARTITION, entity.getRowKey());
    }

    /** The row property holding the end of a save's lease (see {@link TableRolloutStore#save}). */
    static final String SAVING_UNTIL = "SavingUntil";

    /**
     * Claims {@code current} for one save: rewrites it unchanged but for a lease, if nobody wrote it since it was
     * read and no other save holds an unexpired lease.
     *
     * @return the etag the save's final replace must match
     * @throws ConcurrentUpdateException if another writer got there first or is still saving
     */
    String claim(TableEntity current, Instant now, Duration lease) {
        String id = current.getRowKey();
        Object until = current.getProperty(SAVING_UNTIL);
        if (until instanceof String u && now.isBefore(Instant.parse(u))) {
            throw new ConcurrentUpdateException("operation " + id + " is being saved by another writer");
        }
        TableEntity claim = new TableEntity(PARTITION, id);
        Tables.copyProperties(current, claim);
        claim.addProperty(SAVING_UNTIL, now.plus(lease).toString());
        claim.addProperty("odata.etag", Tables.canonicalEtag(current.getETag()));
        try {
            Response<Void> r = table.updateEntityWithResponse(claim, TableEntityUpdateMode.REPLACE, true, null, null);
            return Tables.etag(r, table, PARTITION, id);
        } catch (TableServiceException e) {
            if (Tables.status(e) == 412) {
                throw new ConcurrentUpdateException("operation " + id + " changed since it was read");
            }
            throw e;
        }
    }

    /**
     * Replaces the operation if its etag is still {@code rollout.etag()}, keeping the idempotency key and request hash
     * of {@code current}.
     *
     * @return the new etag
     * @throws ConcurrentUpdateException if the entity changed (412)
     * @throws IllegalArgumentException if it is gone (404)
     */
    String replace(StoredRollout rollout, TableEntity current) {
        String id = rollout.rollout().id();
        TableEntity entity = operationEntity(rollout, str(current, "IdempotencyKey"), str(current, "RequestHash"));
        if (hasWorkIndex(current)) {
            entity.addProperty(WORK_INDEX, true);
        }
        entity.addProperty("odata.etag", Tables.canonicalEtag(rollout.etag()));
        try {
            Response<Void> r = table.updateEntityWithResponse(entity, TableEntityUpdateMode.REPLACE, true, null, null);
            return Tables.etag(r, table, PARTITION, id);
        } catch (TableServiceException e) {
            if (Tables.status(e) == 412) {
                throw new ConcurrentUpdateException("operation " + id + " changed since it was read");
            }
            if (Tables.status(e) == 404) {
                throw new IllegalArgumentException("'id' is unknown: " + id, e);
            }
            throw e;
        }
    }

    // ---- mapping ----

    static TableEntity operationEntity(StoredRollout s, String idempotencyKey, String requestHash) {
        Rollout r = s.rollout();
        TableEntity e = new TableEntity(PARTITION, r.id());
        put(e, "State", r.state().name());
        e.addProperty("OpenWave", r.openWave());
        put(e, "Reason", r.reason());
        put(e, "Action", s.action());
        put(e, "ActionPayload", s.actionPayload() == null ? null : RolloutJson.GSON.toJson(s.actionPayload()));
        put(e, "TargetQuery", s.targetQuery());
        e.addProperty("DeviceCount", s.deviceCount());
        put(e, "CreatedBy", s.createdBy());
        put(e, "CreatedAt", instant(r.createdAt()));
        put(e, "UpdatedAt", instant(r.updatedAt()));
        put(e, "Config", r.config() == null ? null : RolloutJson.config(r.config()));
        put(e, "IdempotencyKey", idempotencyKey);
        put(e, "RequestHash", requestHash);
        put(e, "ProgressCursor", s.progress() == null ? null : s.progress().toJson());
        put(e, "Approval", r.approval() == null ? null : RolloutJson.GSON.toJson(r.approval()));
        put(e, "Soak", r.soak() == null ? null : RolloutJson.GSON.toJson(r.soak()));
        e.addProperty("GoalsPending", s.goalsPending());
        // Queryable, for active(): a finished operation whose devices still report (see StoredRollout#draining).
        e.addProperty("Draining", s.draining());
        put(e, "Tally", s.tally() == null ? null : RolloutEntities.tallyJson(s.tally()));
        return e;
    }

    static StoredRollout operation(TableEntity e) {
        String config = str(e, "Config");
        String approval = str(e, "Approval");
        String soak = str(e, "Soak");
        Rollout r = Rollout.restore(
                e.getRowKey(),
                RolloutState.valueOf(str(e, "State")),
                config == null ? null : RolloutJson.config(config),
                integer(e, "OpenWave"),
                instant(str(e, "CreatedAt")),
                instant(str(e, "UpdatedAt")),
                str(e, "Reason"),
                approval == null ? null : RolloutJson.GSON.fromJson(approval, dev.fleetops.core.rollout.Approval.class),
                soak == null ? null : RolloutJson.GSON.fromJson(soak, dev.fleetops.core.rollout.Soak.class));
        String payload = str(e, "ActionPayload");
        JsonObject json =
                payload == null ? null : JsonParser.parseString(payload).getAsJsonObject();
        return new StoredRollout(
                r,
                str(e, "Action"),
                json,
                str(e, "TargetQuery"),
                integer(e, "DeviceCount"),
                str(e, "CreatedBy"),
                e.getETag(),
                ProgressCursor.fromJson(str(e, "ProgressCursor")),
                Boolean.TRUE.equals(e.getProperty("GoalsPending")),
                RolloutEntities.tally(str(e, "Tally")));
    }
}
