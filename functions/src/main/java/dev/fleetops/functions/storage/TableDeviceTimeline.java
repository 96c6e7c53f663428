package dev.fleetops.functions.storage;

import static dev.fleetops.functions.storage.RolloutEntities.literal;
import static dev.fleetops.functions.storage.RolloutEntities.put;
import static dev.fleetops.functions.storage.RolloutEntities.str;

import com.azure.data.tables.TableClient;
import com.azure.data.tables.TableServiceClient;
import com.azure.data.tables.models.ListEntitiesOptions;
import com.azure.data.tables.models.TableEntity;
import com.azure.data.tables.models.TableServiceException;
import com.azure.data.tables.models.TableTransactionAction;
import com.azure.data.tables.models.TableTransactionActionType;
import dev.fleetops.core.audit.AuditActor;
import dev.fleetops.core.timeline.DeviceTimeline;
import dev.fleetops.core.timeline.TimelineEntry;
import dev.fleetops.core.timeline.TimelineKeys;
import dev.fleetops.core.timeline.TimelinePage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * {@link DeviceTimeline} on Azure Table Storage (Azurite locally): table {@value #TABLE}, one partition per device
 * ({@code PartitionKey} = the escaped device id, as the rollout tables escape keys), {@code RowKey} = the entry's key
 * ({@link TimelineKeys}: newest first). A page is one range query on one partition; the continuation token names the
 * last key returned.
 *
 * <p>An append writes each device's entries as one transaction of upserts (a retried append rewrites the same rows),
 * the devices in parallel. Retention: an append that writes an outcome (a rollout row's final state, or a command)
 * also deletes up to 100 of that device's entries older than {@link DeviceTimeline#RETENTION} — one small range query
 * per device per operation, so a device's partition holds about one retention period of history.
 */
public final class TableDeviceTimeline implements DeviceTimeline {
    static final String TABLE = "fleetopsTimeline";
    private static final int TRANSACTION = 100;
    /** Devices written at once: a dispatch save of 1,140 devices (an S1 tick) takes about 1 s at 15 ms a write. */
    private static final int PARALLELISM = 16;

    private static final Set<String> OUTCOMES =
            Set.of("succeeded", "failed", "timed_out", "rejected", "canceled", "removed");

    private final TableServiceClient service;
    private final TableClient table;
    private final ParallelTasks parallel;
    private volatile boolean ready;

    public TableDeviceTimeline(TableServiceClient service) {
        this.service = Objects.requireNonNull(service, "service");
        this.table = service.getTableClient(TABLE);
        this.parallel = new ParallelTasks(PARALLELISM, "fleetops-timeline");
    }

    @Override
    public void append(List<TimelineEntry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        ensureTable();
        Map<String, List<TimelineEntry>> byDevice = new LinkedHashMap<>();
        entries.forEach(e ->
                byDevice.computeIfAbsent(e.deviceId(), d -> new ArrayList<>()).add(e));
        List<Callable<Void>> tasks = new ArrayList<>();
        byDevice.forEach((device, list) -> tasks.add(() -> {
            write(device, list);
            return null;
        }));
        parallel.runAll(tasks);
    }

    private void write(String deviceId, List<TimelineEntry> entries) {
        String partition = partition(deviceId);
        for (int i = 0; i < entries.size(); i += TRANSACTION) {
            List<TableTransactionAction> actions = new ArrayList<>();
            for (TimelineEntry e : entries.subList(i, Math.min(entries.size(), i + TRANSACTION))) {
                actions.add(
                        new TableTransactionAction(TableTransactionActionType.UPSERT_REPLACE, entity(partition, e)));
            }
            table.submitTransaction(actions);
        }
        if (entries.stream().anyMatch(e -> e.kind() == TimelineEntry.Kind.COMMAND || OUTCOMES.contains(e.state()))) {
            Instant newest = entries.stream()
                    .map(TimelineEntry::at)
                    .max(Instant::compareTo)
                    .orElseThrow();
            prune(partition, newest.minus(RETENTION));
        }
    }

    private void prune(String partition, Instant before) {
        ListEntitiesOptions options = new ListEntitiesOptions()
                .setFilter("PartitionKey eq " + literal(partition) + " and RowKey ge "
                        + literal(TimelineKeys.olderThan(before)))
                .setSelect(List.of("PartitionKey", "RowKey"))
                .setTop(TRANSACTION);
        List<TableTransactionAction> deletes = new ArrayList<>();
        for (TableEntity e : table.listEntities(options, null, null)) {
            deletes.add(new TableTransactionAction(TableTransactionActionType.DELETE, e));
            if (deletes.size() == TRANSACTION) {
                break;
            }
        }
        if (!deletes.isEmpty()) {
            try {
                table.submitTransaction(deletes);
            } catch (TableServiceException e) {
                // Another writer deleted some first: what is left goes with the next outcome.
            }
        }
    }

    @Override
    public TimelinePage page(String deviceId, String continuationToken, int pageSize, Instant now) {
        String after = continuationToken == null ? null : TimelineKeys.resumeAfter(deviceId, continuationToken);
        ensureTable();
        StringBuilder filter = new StringBuilder("PartitionKey eq ")
                .append(literal(partition(deviceId)))
                .append(" and RowKey lt ")
                .append(literal(TimelineKeys.olderThan(now.minus(RETENTION))));
        if (after != null) {
            filter.append(" and RowKey gt ").append(literal(after));
        }
        ListEntitiesOptions options =
                new ListEntitiesOptions().setFilter(filter.toString()).setTop(pageSize + 1);
        List<TimelineEntry> page = new ArrayList<>();
        for (TableEntity e : table.listEntities(options, null, null)) {
            if (page.size() == pageSize) {
                return new TimelinePage(
                        page,
                        TimelineKeys.token(deviceId, page.get(pageSize - 1).key()));
            }
            page.add(entry(e));
        }
        return new TimelinePage(page, null);
    }

    static String partition(String deviceId) {
        return RolloutEntities.escapeKey(deviceId);
    }

    static TableEntity entity(String partition, TimelineEntry t) {
        TableEntity e = new TableEntity(partition, t.key());
        put(e, "DeviceId", t.deviceId());
        put(e, "At", t.at().toString());
        put(e, "Kind", t.kind().wire());
        put(e, "OperationId", t.operationId());
        put(e, "Action", t.action());
        e.addProperty("Attempt", t.attempt());
        put(e, "State", t.state());
        put(e, "Detail", t.detail());
        put(e, "ErrorCode", t.errorCode());
        put(e, "ErrorMessage", t.errorMessage());
        TableAuditLog.putActor(e, t.actor());
        return e;
    }

    static TimelineEntry entry(TableEntity e) {
        AuditActor actor = TableAuditLog.actor(e);
        return new TimelineEntry(
                str(e, "DeviceId"),
                e.getRowKey(),
                Instant.parse(str(e, "At")),
                TimelineEntry.Kind.valueOf(str(e, "Kind").toUpperCase(java.util.Locale.ROOT)),
                str(e, "OperationId"),
                str(e, "Action"),
                RolloutEntities.integer(e, "Attempt"),
                str(e, "State"),
                str(e, "Detail"),
                str(e, "ErrorCode"),
                str(e, "ErrorMessage"),
                actor);
    }

    private void ensureTable() {
        if (!ready) {
            service.createTableIfNotExists(TABLE);
            ready = true;
        }
    }
}
