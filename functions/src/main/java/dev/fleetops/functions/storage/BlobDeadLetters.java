package dev.fleetops.functions.storage;

import com.azure.core.util.BinaryData;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlobHttpHeaders;
import com.azure.storage.blob.options.BlobParallelUploadOptions;
import com.google.gson.JsonObject;
import dev.fleetops.contract.Timestamps;
import dev.fleetops.core.event.DeadLetters;

/**
 * {@link DeadLetters} on Blob Storage: one JSON blob per event and target, {@code <target>/<operation>/<event id>.json}
 * (the event as it would have been sent, why delivery stopped, how often it was tried). Writing the same letter again
 * overwrites it.
 */
public final class BlobDeadLetters implements DeadLetters {
    private final BlobContainerClient container;
    private volatile boolean ready;

    public BlobDeadLetters(BlobContainerClient container) {
        this.container = container;
    }

    public static String blobName(DeadLetter l) {
        return l.targetKey() + "/" + l.event().operationId() + "/" + l.event().id() + ".json";
    }

    @Override
    public void write(DeadLetter l) {
        if (!ready) {
            container.createIfNotExists();
            ready = true;
        }
        JsonObject o = new JsonObject();
        o.addProperty("target", l.targetKey());
        if (l.url() != null) {
            o.addProperty("url", l.url());
        }
        o.addProperty("reason", l.reason());
        o.addProperty("attempts", l.attempts());
        o.addProperty("deadLetteredAt", Timestamps.format(l.at()));
        o.add("event", l.event().toCloudEvent());
        container
                .getBlobClient(blobName(l))
                .uploadWithResponse(
                        new BlobParallelUploadOptions(BinaryData.fromString(o.toString()))
                                .setHeaders(new BlobHttpHeaders().setContentType("application/json")),
                        null,
                        null);
    }
}
