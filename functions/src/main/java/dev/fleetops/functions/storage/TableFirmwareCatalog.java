package dev.fleetops.functions.storage;

import com.azure.data.tables.TableClient;
import com.azure.data.tables.TableServiceClient;
import com.azure.data.tables.models.ListEntitiesOptions;
import com.azure.data.tables.models.TableEntity;
import com.azure.data.tables.models.TableEntityUpdateMode;
import com.azure.data.tables.models.TableServiceException;
import dev.fleetops.core.firmware.FirmwareCatalog;
import dev.fleetops.core.firmware.FirmwareEntry;
import dev.fleetops.core.firmware.FirmwareState;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.StreamSupport;

/**
 * {@link FirmwareCatalog} on Azure Table Storage: one table, {@value #TABLE}, one partition, one row per version (the
 * row key). A catalog holds tens to hundreds of versions, so listing reads the partition and sorts in memory.
 */
public final class TableFirmwareCatalog implements FirmwareCatalog {
    static final String TABLE = "fleetopsFirmware";
    static final String PARTITION = "firmware";

    private final TableServiceClient service;
    private final TableClient table;
    private volatile boolean tableReady;

    public TableFirmwareCatalog(TableServiceClient service) {
        this.service = service;
        this.table = service.getTableClient(TABLE);
    }

    @Override
    public Optional<FirmwareEntry> get(String version) {
        ensureTable();
        return Optional.ofNullable(Tables.find(table, PARTITION, version)).map(TableFirmwareCatalog::entry);
    }

    @Override
    public List<FirmwareEntry> list(int max) {
        ensureTable();
        ListEntitiesOptions options = new ListEntitiesOptions().setFilter("PartitionKey eq '" + PARTITION + "'");
        return StreamSupport.stream(table.listEntities(options, null, null).spliterator(), false)
                .map(TableFirmwareCatalog::entry)
                .sorted(Comparator.comparing(FirmwareEntry::registeredAt).reversed())
                .limit(max)
                .toList();
    }

    @Override
    public boolean add(FirmwareEntry entry) {
        ensureTable();
        try {
            table.createEntity(entity(entry));
            return true;
        } catch (TableServiceException e) {
            if (Tables.status(e) == 409) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public void save(FirmwareEntry entry) {
        ensureTable();
        table.upsertEntityWithResponse(entity(entry), TableEntityUpdateMode.REPLACE, null, null);
    }

    @Override
    public boolean remove(String version) {
        ensureTable();
        try {
            table.deleteEntityWithResponse(new TableEntity(PARTITION, version), false, null, null);
            return true;
        } catch (TableServiceException e) {
            if (Tables.status(e) == 404) {
                return false;
            }
            throw e;
        }
    }

    private void ensureTable() {
        if (!tableReady) {
            service.createTableIfNotExists(TABLE);
            tableReady = true;
        }
    }

    static TableEntity entity(FirmwareEntry e) {
        TableEntity t = new TableEntity(PARTITION, e.version())
                .addProperty("Name", e.name())
                .addProperty("BlobName", e.blobName())
                .addProperty("State", e.state().name())
                .addProperty("RegisteredAt", e.registeredAt().toString())
                .addProperty("RegisteredBy", e.registeredBy());
        put(t, "Compatibility", e.compatibility());
        put(t, "SecurityVersion", e.securityVersion());
        put(t, "ManifestExpiresAt", e.manifestExpiresAt());
        put(t, "Signature", e.signature());
        put(t, "SigningKeyId", e.signingKeyId());
        put(t, "SizeBytes", e.sizeBytes());
        put(t, "Sha256", e.sha256());
        put(t, "Failure", e.failure());
        put(t, "ReadyAt", e.readyAt() == null ? null : e.readyAt().toString());
        put(t, "RegisteredById", e.registeredById());
        put(t, "SignedBy", e.signedBy());
        return t;
    }

    private static void put(TableEntity t, String name, Object value) {
        if (value != null) {
            t.addProperty(name, value);
        }
    }

    static FirmwareEntry entry(TableEntity t) {
        return new FirmwareEntry(
                t.getRowKey(),
                string(t, "Name"),
                string(t, "Compatibility"),
                number(t, "SecurityVersion"),
                string(t, "ManifestExpiresAt"),
                string(t, "Signature"),
                string(t, "SigningKeyId"),
                string(t, "BlobName"),
                FirmwareState.valueOf(string(t, "State")),
                number(t, "SizeBytes"),
                string(t, "Sha256"),
                string(t, "Failure"),
                Instant.parse(string(t, "RegisteredAt")),
                string(t, "RegisteredBy"),
                string(t, "ReadyAt") == null ? null : Instant.parse(string(t, "ReadyAt")),
                string(t, "RegisteredById"),
                string(t, "SignedBy"));
    }

    private static String string(TableEntity t, String name) {
        Object v = t.getProperty(name);
        return v == null ? null : v.toString();
    }

    private static Long number(TableEntity t, String name) {
        Object v = t.getProperty(name);
        return v instanceof Number n ? n.longValue() : v == null ? null : Long.parseLong(v.toString());
    }
}
