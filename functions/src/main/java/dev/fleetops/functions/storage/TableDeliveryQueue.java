package dev.fleetops.functions.storage;

import com.azure.data.tables.TableClient;
import com.azure.data.tables.TableServiceClient;
import com.azure.data.tables.models.ListEntitiesOptions;
import com.azure.data.tables.models.TableEntity;
import com.azure.data.tables.models.TableEntityUpdateMode;
import com.azure.data.tables.models.TableServiceException;
import com.azure.data.tables.models.TableTransactionAction;
import com.azure.data.tables.models.TableTransactionActionType;
import dev.fleetops.contract.Timestamps;
import dev.fleetops.core.event.Delivery;
import dev.fleetops.core.event.DeliveryQueue;
import dev.fleetops.core.event.FleetEvent;
import dev.fleetops.core.event.QueuedEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@link DeliveryQueue} on Table Storage: table {@value #TABLE}, one partition per target (its key, escaped for Table
 * keys) with one row per waiting event keyed by {@link QueuedEvent#key}, so a target reads its own oldest events with
 * one partition query whatever the other targets hold. Partition {@value #REGISTRY} lists the targets that have a
 * queue. Rows are added with merges that write the delivery only when it is not new, so adding an event again keeps how
 * far it got; a delivery is saved under the row's ETag.
 */
public final class TableDeliveryQueue implements DeliveryQueue {
    static final String TABLE = "fleetopsEventQueues";
    /** Sorts after every target key (they are letters, digits, '-' and '_'). */
    static final String REGISTRY = "~targets";

    private static final int BATCH = 100;
    private static final com.google.gson.Gson JSON = new com.google.gson.Gson();

    private final TableServiceClient service;
    private final TableClient table;
    private volatile boolean ready;

    public TableDeliveryQueue(TableServiceClient service) {
        this.service = service;
        this.table = service.getTableClient(TABLE);
    }

    @Override
    public void enqueue(List<QueuedEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        ensureTable();
        Map<String, List<QueuedEvent>> byTarget = new LinkedHashMap<>();
        events.forEach(e ->
                byTarget.computeIfAbsent(e.targetKey(), k -> new ArrayList<>()).add(e));
        for (Map.Entry<String, List<QueuedEvent>> t : byTarget.entrySet()) {
            table.upsertEntity(
                    new TableEntity(REGISTRY, TableOutbox.rowKey(t.getKey())).addProperty("Target", t.getKey()));
            List<QueuedEvent> mine = t.getValue();
            for (int i = 0; i < mine.size(); i += BATCH) {
                List<TableTransactionAction> actions = new ArrayList<>();
                for (QueuedEvent e : mine.subList(i, Math.min(mine.size(), i + BATCH))) {
                    TableEntity row = new TableEntity(TableOutbox.rowKey(e.targetKey()), TableOutbox.rowKey(e.key()));
                    row.addProperty("Key", e.key());
                    row.addProperty("Target", e.targetKey());
                    row.addProperty("OperationId", e.event().operationId());
                    row.addProperty("Event", JSON.toJson(e.event().toCloudEvent()));
                    row.addProperty("Attempt", e.event().attempt());
                    row.addProperty("RecordedAt", Timestamps.format(e.recordedAt()));
                    if (!e.delivery().equals(Delivery.NEW)) {
                        putDelivery(row, e.delivery());
                    }
                    actions.add(new TableTransactionAction(TableTransactionActionType.UPSERT_MERGE, row));
                }
                table.submitTransaction(actions);
            }
        }
    }

    @Override
    public List<QueuedEvent> next(String targetKey, int max) {
        ensureTable();
        List<QueuedEvent> out = new ArrayList<>();
        ListEntitiesOptions options = new ListEntitiesOptions()
                .setFilter("PartitionKey eq '" + TableOutbox.rowKey(targetKey).replace("'", "''") + "'")
                .setTop(Math.min(max, 1000));
        for (TableEntity row : table.listEntities(options, null, null)) {
            out.add(event(row));
            if (out.size() >= max) {
                break;
            }
        }
        return out;
    }

    @Override
    public boolean update(QueuedEvent e) {
        TableEntity row = new TableEntity(TableOutbox.rowKey(e.targetKey()), TableOutbox.rowKey(e.key()));
        putDelivery(row, e.delivery());
        row.addProperty("odata.etag", Tables.canonicalEtag(e.etag()));
        try {
            table.updateEntityWithResponse(row, TableEntityUpdateMode.MERGE, true, null, null);
            return true;
        } catch (TableServiceException x) {
            if (Tables.status(x) == 412 || Tables.status(x) == 404) {
                return false;
            }
            throw x;
        }
    }

    /** In transactions of up to 100 rows of one target; a transaction that fails (one row changed) goes row by row. */
    @Override
    public void remove(List<QueuedEvent> events) {
        Map<String, List<TableEntity>> byTarget = new LinkedHashMap<>();
        for (QueuedEvent e : events) {
            TableEntity row = new TableEntity(TableOutbox.rowKey(e.targetKey()), TableOutbox.rowKey(e.key()));
            if (e.etag() != null) {
                row.addProperty("odata.etag", Tables.canonicalEtag(e.etag()));
            }
            byTarget.computeIfAbsent(e.targetKey(), k -> new ArrayList<>()).add(row);
        }
        for (List<TableEntity> rows : byTarget.values()) {
            for (int i = 0; i < rows.size(); i += BATCH) {
                List<TableEntity> chunk = rows.subList(i, Math.min(rows.size(), i + BATCH));
                try {
                    table.submitTransaction(chunk.stream()
                            .map(r -> new TableTransactionAction(
                                    TableTransactionActionType.DELETE, r, r.getETag() != null))
                            .toList());
                } catch (com.azure.data.tables.models.TableTransactionFailedException x) {
                    chunk.forEach(this::delete);
                }
            }
        }
    }

    @Override
    public Set<String> targets() {
        ensureTable();
        Set<String> out = new TreeSet<>();
        ListEntitiesOptions options = new ListEntitiesOptions().setFilter("PartitionKey eq '" + REGISTRY + "'");
        for (TableEntity row : table.listEntities(options, null, null)) {
            if (row.getProperty("Target") instanceof String t) {
                out.add(t);
            }
        }
        return out;
    }

    @Override
    public int drop(String targetKey, int max) {
        List<QueuedEvent> some = next(targetKey, max);
        remove(some);
        if (some.size() < max) {
            delete(new TableEntity(REGISTRY, TableOutbox.rowKey(targetKey)));
        }
        return some.size();
    }

    private void delete(TableEntity row) {
        try {
            table.deleteEntityWithResponse(row, row.getETag() != null, null, null);
        } catch (TableServiceException x) {
            // 404: already gone; 412: changed since it was read, so it is served again.
            if (Tables.status(x) != 412 && Tables.status(x) != 404) {
                throw x;
            }
        }
    }

    private static void putDelivery(TableEntity row, Delivery d) {
        row.addProperty("Attempts", d.attempts());
        row.addProperty("NextAttemptAt", d.nextAttemptAt() == null ? "" : Timestamps.format(d.nextAttemptAt()));
        row.addProperty("LastError", d.lastError() == null ? "" : d.lastError());
        row.addProperty("Done", d.done());
    }

    private static Delivery delivery(TableEntity row) {
        if (!(row.getProperty("Attempts") instanceof Integer attempts)) {
            return Delivery.NEW;
        }
        String next = row.getProperty("NextAttemptAt") instanceof String s && !s.isEmpty() ? s : null;
        String error = row.getProperty("LastError") instanceof String s && !s.isEmpty() ? s : null;
        return new Delivery(
                attempts,
                next == null ? null : Timestamps.parse(next).orElse(null),
                error,
                Boolean.TRUE.equals(row.getProperty("Done")));
    }

    private static QueuedEvent event(TableEntity row) {
        FleetEvent event = TableOutbox.storedEvent(
                (String) row.getProperty("Event"), (String) row.getProperty("OperationId"), row.getProperty("Attempt"));
        Instant recordedAt =
                Timestamps.parse((String) row.getProperty("RecordedAt")).orElse(event.time());
        return new QueuedEvent(
                (String) row.getProperty("Target"),
                (String) row.getProperty("Key"),
                event,
                recordedAt,
                delivery(row),
                row.getETag());
    }

    private void ensureTable() {
        if (!ready) {
            service.createTableIfNotExists(TABLE);
            ready = true;
        }
    }
}
