package dev.fleetops.functions.storage;

import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.models.UserDelegationKey;
import com.azure.storage.blob.sas.BlobSasPermission;
import com.azure.storage.blob.sas.BlobServiceSasSignatureValues;
import com.azure.storage.common.sas.SasProtocol;
import dev.fleetops.core.logs.LogLinks;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * {@link LogLinks} on the logs container (the one IoT Hub's file upload is linked to, docs/deploy.md): SAS tokens on
 * exactly one blob, create+write for a device's upload, read for whoever fetches the file; signed with the account key
 * (Azurite) or a user delegation key (Azure), as {@link BlobFirmwarePackages} signs package links.
 */
public final class BlobLogLinks implements LogLinks {
    static final Duration CLOCK_SKEW = BlobFirmwarePackages.CLOCK_SKEW;
    static final Duration DELEGATION_KEY_LIFETIME = BlobFirmwarePackages.DELEGATION_KEY_LIFETIME;

    private final BlobServiceClient service;
    private final BlobContainerClient container;
    private final BlobFirmwarePackages.Signing signing;
    private final Clock clock;
    private volatile boolean containerReady;
    private volatile UserDelegationKey delegationKey;

    public BlobLogLinks(
            BlobServiceClient service, String containerName, BlobFirmwarePackages.Signing signing, Clock clock) {
        this.service = service;
        this.container = service.getBlobContainerClient(containerName);
        this.signing = signing;
        this.clock = clock;
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
        BlobClient blob = container.getBlobClient(blobName);
        Instant now = clock.instant();
        BlobServiceSasSignatureValues values = new BlobServiceSasSignatureValues(
                        expiresAt.atOffset(ZoneOffset.UTC), permission)
                .setStartTime(now.minus(CLOCK_SKEW).atOffset(ZoneOffset.UTC));
        if (blob.getBlobUrl().startsWith("https:")) {
            values.setProtocol(SasProtocol.HTTPS_ONLY);
        }
        String sas = signing == BlobFirmwarePackages.Signing.ACCOUNT_KEY
                ? blob.generateSas(values)
                : blob.generateUserDelegationSas(values, delegationKey(now, expiresAt));
        return blob.getBlobUrl() + "?" + sas;
    }

    private UserDelegationKey delegationKey(Instant now, Instant until) {
        UserDelegationKey k = delegationKey;
        if (k == null || !k.getSignedExpiry().toInstant().isAfter(until)) {
            synchronized (this) {
                k = delegationKey;
                if (k == null || !k.getSignedExpiry().toInstant().isAfter(until)) {
                    k = service.getUserDelegationKey(
                            now.minus(CLOCK_SKEW).atOffset(ZoneOffset.UTC),
                            now.plus(DELEGATION_KEY_LIFETIME).atOffset(ZoneOffset.UTC));
                    delegationKey = k;
                }
            }
        }
        return k;
    }
}
