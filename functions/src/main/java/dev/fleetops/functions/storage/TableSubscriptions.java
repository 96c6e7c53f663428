package dev.fleetops.functions.storage;

import com.azure.data.tables.TableClient;
import com.azure.data.tables.TableServiceClient;
import com.azure.data.tables.models.ListEntitiesOptions;
import com.azure.data.tables.models.TableEntity;
import com.azure.data.tables.models.TableServiceException;
import com.google.gson.JsonArray;
import com.google.gson.JsonParser;
import dev.fleetops.contract.Timestamps;
import dev.fleetops.core.event.Subscription;
import dev.fleetops.core.event.SubscriptionStore;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.StreamSupport;

/**
 * {@link SubscriptionStore} on Table Storage: table {@value #TABLE}, one partition, one row per subscription. The
 * signing secret is a column of the row: the storage account is encrypted at rest and reached only with the app's
 * identity; it is never returned by a read of the API.
 */
public final class TableSubscriptions implements SubscriptionStore {
    static final String TABLE = "fleetopsSubscriptions";
    static final String PARTITION = "subscription";

    private final TableServiceClient service;
    private final TableClient table;
    private volatile boolean ready;

    public TableSubscriptions(TableServiceClient service) {
        this.service = service;
        this.table = service.getTableClient(TABLE);
    }

    @Override
    public void create(Subscription s) {
        ensureTable();
        JsonArray types = new JsonArray();
        s.eventTypes().forEach(types::add);
        TableEntity row = new TableEntity(PARTITION, s.id())
                .addProperty("Url", s.url())
                .addProperty("EventTypes", types.toString())
                .addProperty("Secret", s.secret())
                .addProperty("CreatedAt", Timestamps.format(s.createdAt()))
                .addProperty("CreatedBy", s.createdBy());
        table.createEntity(row);
    }

    @Override
    public List<Subscription> list() {
        ensureTable();
        ListEntitiesOptions options = new ListEntitiesOptions().setFilter("PartitionKey eq '" + PARTITION + "'");
        return StreamSupport.stream(table.listEntities(options, null, null).spliterator(), false)
                .map(TableSubscriptions::subscription)
                .sorted(Comparator.comparing(Subscription::createdAt).thenComparing(Subscription::id))
                .toList();
    }

    @Override
    public Optional<Subscription> get(String id) {
        ensureTable();
        return Optional.ofNullable(Tables.find(table, PARTITION, id)).map(TableSubscriptions::subscription);
    }

    @Override
    public boolean delete(String id) {
        ensureTable();
        if (Tables.find(table, PARTITION, id) == null) {
            return false;
        }
        try {
            table.deleteEntity(PARTITION, id);
            return true;
        } catch (TableServiceException e) {
            if (Tables.status(e) == 404) {
                return false;
            }
            throw e;
        }
    }

    private static Subscription subscription(TableEntity row) {
        List<String> types = new ArrayList<>();
        JsonParser.parseString((String) row.getProperty("EventTypes"))
                .getAsJsonArray()
                .forEach(t -> types.add(t.getAsString()));
        return new Subscription(
                row.getRowKey(),
                (String) row.getProperty("Url"),
                types,
                (String) row.getProperty("Secret"),
                Timestamps.parse((String) row.getProperty("CreatedAt")).orElseThrow(),
                (String) row.getProperty("CreatedBy"));
    }

    private void ensureTable() {
        if (!ready) {
            service.createTableIfNotExists(TABLE);
            ready = true;
        }
    }
}
