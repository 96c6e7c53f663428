package dev.fleetops.functions.storage;

import com.azure.data.tables.TableClient;
import com.azure.data.tables.TableServiceClient;
import com.azure.data.tables.models.ListEntitiesOptions;
import com.azure.data.tables.models.TableEntity;
import com.azure.data.tables.models.TableEntityUpdateMode;
import com.azure.data.tables.models.TableServiceException;
import com.azure.data.tables.models.TableTransactionAction;
import com.azure.data.tables.models.TableTransactionActionType;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.fleetops.contract.Timestamps;
import dev.fleetops.core.event.Delivery;
import dev.fleetops.core.event.EventType;
import dev.fleetops.core.event.FleetEvent;
import dev.fleetops.core.event.Outbox;
import dev.fleetops.core.event.OutboxEntry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link Outbox} on Table Storage: table {@value #TABLE}, one partition per operation, one row per event keyed by its
 * order key (escaped for Table keys), so a listing returns each operation's events in delivery order and recording an
 * event again finds its row. A save's events are written in transactions of at most 100 rows (one partition), merged
 * so an event recorded again keeps how far its deliveries got ({@code Deliveries}, written only by the delivery run,
 * under the row's ETag).
 */
public final class TableOutbox implements Outbox {
    static final String TABLE = "fleetopsEvents";
    private static final int BATCH = 100;
    private static final com.google.gson.Gson JSON = new com.google.gson.Gson();

    private final TableServiceClient service;
    private final TableClient table;
    private volatile boolean ready;

    public TableOutbox(TableServiceClient service) {
        this.service = service;
        this.table = service.getTableClient(TABLE);
    }

    @Override
    public void record(String operationId, List<OutboxEntry> entries) {
        ensureTable();
        for (int i = 0; i < entries.size(); i += BATCH) {
            List<TableTransactionAction> actions = new ArrayList<>();
            for (OutboxEntry e : entries.subList(i, Math.min(entries.size(), i + BATCH))) {
                TableEntity row = new TableEntity(operationId, rowKey(e.orderKey()));
                row.addProperty("OrderKey", e.orderKey());
                row.addProperty("Event", JSON.toJson(e.event().toCloudEvent()));
                row.addProperty("Attempt", e.event().attempt());
                row.addProperty("RecordedAt", Timestamps.format(e.recordedAt()));
                actions.add(new TableTransactionAction(TableTransactionActionType.UPSERT_MERGE, row));
            }
            table.submitTransaction(actions);
        }
    }

    @Override
    public List<OutboxEntry> pending(int max) {
        ensureTable();
        List<OutboxEntry> out = new ArrayList<>();
        ListEntitiesOptions options = new ListEntitiesOptions().setTop(Math.min(max, 1000));
        for (TableEntity row : table.listEntities(options, null, null)) {
            out.add(entry(row));
            if (out.size() >= max) {
                break;
            }
        }
        return out;
    }

    @Override
    public boolean update(OutboxEntry entry) {
        TableEntity row = new TableEntity(entry.event().operationId(), rowKey(entry.orderKey()));
        row.addProperty("Deliveries", deliveries(entry.deliveries()));
        row.addProperty("odata.etag", Tables.canonicalEtag(entry.etag()));
        try {
            table.updateEntityWithResponse(row, TableEntityUpdateMode.MERGE, true, null, null);
            return true;
        } catch (TableServiceException e) {
            if (Tables.status(e) == 412 || Tables.status(e) == 404) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public void remove(OutboxEntry entry) {
        TableEntity row = new TableEntity(entry.event().operationId(), rowKey(entry.orderKey()));
        row.addProperty("odata.etag", Tables.canonicalEtag(entry.etag()));
        try {
            table.deleteEntityWithResponse(row, true, null, null);
        } catch (TableServiceException e) {
            // 412: recorded again meanwhile (a decision made again): it is delivered again, with the same id.
            if (Tables.status(e) != 412 && Tables.status(e) != 404) {
                throw e;
            }
        }
    }

    /**
     * The order key as a row key: Table keys cannot hold {@code / \ # ?} or control characters, and device ids may
     * hold {@code ?}; those (and the escape character {@code %}) become {@code %XX}. One device's keys share their
     * prefix, so their order is kept.
     */
    static String rowKey(String orderKey) {
        StringBuilder sb = new StringBuilder(orderKey.length());
        for (char c : orderKey.toCharArray()) {
            if (c == '/' || c == '\\' || c == '#' || c == '?' || c == '%' || c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
                sb.append('%').append(String.format(java.util.Locale.ROOT, "%02X", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static OutboxEntry entry(TableEntity row) {
        FleetEvent event =
                storedEvent((String) row.getProperty("Event"), row.getPartitionKey(), row.getProperty("Attempt"));
        Instant recordedAt =
                Timestamps.parse((String) row.getProperty("RecordedAt")).orElse(event.time());
        Object d = row.getProperty("Deliveries");
        return new OutboxEntry(
                (String) row.getProperty("OrderKey"),
                event,
                recordedAt,
                d instanceof String s ? deliveries(s) : null,
                row.getETag());
    }

    /** An event as its row stores it: the CloudEvent FleetOps sends, with its operation and attempt beside it. */
    static FleetEvent storedEvent(String cloudEvent, String operationId, Object attempt) {
        JsonObject ce = JsonParser.parseString(cloudEvent).getAsJsonObject();
        String type = ce.get("type").getAsString().substring(EventType.PREFIX.length());
        String subject = ce.get("subject").getAsString();
        return new FleetEvent(
                ce.get("id").getAsString(),
                EventType.fromWireName(type).orElseThrow(() -> new IllegalStateException("unknown type " + type)),
                operationId,
                attempt instanceof Integer n ? n : 0,
                subject.startsWith("devices/") ? subject.substring("devices/".length()) : null,
                Timestamps.parse(ce.get("time").getAsString()).orElseThrow(),
                ce.getAsJsonObject("data"));
    }

    private static String deliveries(Map<String, Delivery> d) {
        JsonObject o = new JsonObject();
        d.forEach((k, v) -> {
            JsonObject x = new JsonObject();
            x.addProperty("attempts", v.attempts());
            if (v.nextAttemptAt() != null) {
                x.addProperty("next", Timestamps.format(v.nextAttemptAt()));
            }
            if (v.lastError() != null) {
                x.addProperty("error", v.lastError());
            }
            x.addProperty("done", v.done());
            o.add(k, x);
        });
        return o.toString();
    }

    private static Map<String, Delivery> deliveries(String json) {
        Map<String, Delivery> out = new LinkedHashMap<>();
        JsonObject o = JsonParser.parseString(json).getAsJsonObject();
        for (String k : o.keySet()) {
            JsonObject x = o.getAsJsonObject(k);
            out.put(
                    k,
                    new Delivery(
                            x.get("attempts").getAsInt(),
                            x.has("next")
                                    ? Timestamps.parse(x.get("next").getAsString())
                                            .orElse(null)
                                    : null,
                            x.has("error") ? x.get("error").getAsString() : null,
                            x.get("done").getAsBoolean()));
        }
        return out;
    }

    private void ensureTable() {
        if (!ready) {
            service.createTableIfNotExists(TABLE);
            ready = true;
        }
    }
}
