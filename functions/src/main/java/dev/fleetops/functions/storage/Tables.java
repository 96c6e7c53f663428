package dev.fleetops.functions.storage;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.rest.Response;
import com.azure.data.tables.TableClient;
import com.azure.data.tables.models.TableEntity;
import com.azure.data.tables.models.TableServiceException;

/** Point reads and write etags on the store's tables, with the Tables SDK's etag quirk undone. */
final class Tables {
    private Tables() {}

    /** The entity, or null if there is none (404). */
    static TableEntity find(TableClient table, String partition, String row) {
        try {
            return table.getEntity(partition, row);
        } catch (TableServiceException e) {
            if (status(e) == 404) {
                return null;
            }
            throw e;
        }
    }

    /** The ETag header of a write, in the entity's form ({@code W/"datetime'…'"}), or the stored entity's if the response has none. */
    static String etag(Response<?> response, TableClient table, String partition, String row) {
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

    /** Copies {@code from}'s own properties to {@code to}: not its keys, timestamp or OData metadata (etag). */
    static void copyProperties(TableEntity from, TableEntity to) {
        from.getProperties().forEach((k, v) -> {
            if (!k.startsWith("odata.") && !k.equals("PartitionKey") && !k.equals("RowKey") && !k.equals("Timestamp")) {
                to.addProperty(k, v);
            }
        });
    }

    static int status(TableServiceException e) {
        return e.getResponse().getStatusCode();
    }
}
