package dev.fleetops.functions.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.blob.models.BlobItem;
import dev.fleetops.functions.support.Azurite;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Runs against Azurite: the store creates its container, keeps every run and overwrites latest.json. */
class BlobProgressStoreIT {
    private final BlobContainerClient container = new BlobServiceClientBuilder()
            .connectionString(Azurite.connectionString())
            .buildClient()
            .getBlobContainerClient("progress-" + UUID.randomUUID().toString().substring(0, 8));
    private final BlobProgressStore store = new BlobProgressStore(container);

    @Test
    void latestIsEmptyBeforeTheFirstRunEvenWithoutAContainer() {
        assertTrue(store.latest().isEmpty());
    }

    @Test
    void everyRunIsKeptAndLatestIsTheNewest() {
        store.save("2026-01-01T00-00-00.000Z", "{\"run\":1}");
        store.save("2026-01-01T00-05-00.000Z", "{\"run\":2}");
        assertEquals("{\"run\":2}", store.latest().orElseThrow());
        List<String> names = new ArrayList<>();
        for (BlobItem item : container.listBlobs()) {
            names.add(item.getName());
        }
        assertEquals(
                List.of("latest.json", "runs/2026-01-01T00-00-00.000Z.json", "runs/2026-01-01T00-05-00.000Z.json"),
                names);
        assertEquals(
                "application/json; charset=utf-8",
                container.getBlobClient("latest.json").getProperties().getContentType());
        container.delete();
    }
}
