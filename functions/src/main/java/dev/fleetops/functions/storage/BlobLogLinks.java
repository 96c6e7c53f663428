package dev.fleetops.functions.storage;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.sas.BlobSasPermission;
import dev.fleetops.core.logs.LogLinks;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * {@link LogLinks} on the logs container (the one IoT Hub's file upload is linked to, docs/deploy.md): SAS tokens on
 * exactly one blob, create+write for a device's upload, read for whoever fetches the file; signed with the account key
 * (Azurite) or a user delegation key (Azure), as {@link BlobFirmwarePackages} signs package links.
 */
public final class BlobLogLinks implements LogLinks {
    private final BlobContainerClient container;
    private final BlobSasSigner signer;
    private volatile boolean containerReady;

    public BlobLogLinks(
            BlobServiceClient service, String containerName, BlobFirmwarePackages.Signing signing, Clock clock) {
        this.container = service.getBlobContainerClient(containerName);
        this.signer = new BlobSasSigner(service, signing, clock);
    }

    @Override
    public Optional<String> writeLink(String blobPath, Instant expiresAt) {
        if (!containerReady) {
            container.createIfNotExists();
            containerReady = true;
        }
        return Optional.of(
                link(blobPath, new BlobSasPermission().setCreatePermission(true).setWritePermission(true), expiresAt));
    }

    @Override
    public Optional<String> readLink(String blobPath, Instant expiresAt) {
        return Optional.of(link(blobPath, new BlobSasPermission().setReadPermission(true), expiresAt));
    }

    private String link(String blobName, BlobSasPermission permission, Instant expiresAt) {
        return signer.link(container.getBlobClient(blobName), permission, expiresAt);
    }
}
