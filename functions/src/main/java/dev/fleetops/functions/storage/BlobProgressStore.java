package dev.fleetops.functions.storage;

import com.azure.core.util.BinaryData;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlobHttpHeaders;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.options.BlobParallelUploadOptions;
import dev.fleetops.core.progress.ProgressStore;
import java.util.Optional;

/**
 * {@link ProgressStore} in a blob container: {@code runs/<time>.json} per run, and {@code latest.json}.
 * The run document is written first, so {@code latest.json} never names a summary that is missing.
 */
public final class BlobProgressStore implements ProgressStore {
    public static final String LATEST = "latest.json";
    public static final String RUNS_PREFIX = "runs/";

    private final BlobContainerClient container;
    private volatile boolean containerReady;

    public BlobProgressStore(BlobContainerClient container) {
        this.container = container;
    }

    @Override
    public void save(String runName, String json) {
        ensureContainer();
        upload(container.getBlobClient(RUNS_PREFIX + runName + ".json"), json);
        upload(container.getBlobClient(LATEST), json);
    }

    @Override
    public Optional<String> latest() {
        BlobClient blob = container.getBlobClient(LATEST);
        try {
            return Optional.of(blob.downloadContent().toString());
        } catch (BlobStorageException e) {
            if (e.getStatusCode() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private void ensureContainer() {
        if (!containerReady) {
            container.createIfNotExists();
            containerReady = true;
        }
    }

    private static void upload(BlobClient blob, String json) {
        BlobParallelUploadOptions options = new BlobParallelUploadOptions(BinaryData.fromString(json))
                .setHeaders(new BlobHttpHeaders().setContentType("application/json; charset=utf-8"));
        blob.uploadWithResponse(options, null, null);
    }
}
