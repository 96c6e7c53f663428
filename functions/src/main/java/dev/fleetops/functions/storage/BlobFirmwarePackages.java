package dev.fleetops.functions.storage;

import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.models.BlobProperties;
import com.azure.storage.blob.models.BlobRequestConditions;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.options.BlobInputStreamOptions;
import com.azure.storage.blob.sas.BlobSasPermission;
import dev.fleetops.core.firmware.Measurement;
import dev.fleetops.core.firmware.PackageBlobs;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;

/**
 * {@link PackageBlobs} on a Blob container (the {@code firmware} container of docs/deploy.md). Links are SAS tokens on
 * exactly one blob: create+write for uploads, read for devices.
 *
 * <p>How they are signed depends on how FleetOps reaches storage, and nothing else changes:
 *
 * <ul>
 *   <li>{@link Signing#USER_DELEGATION} (Azure, identity, shared keys off): a user delegation key from the app's
 *       managed identity ({@code Get User Delegation Key}, which needs {@code
 *       Microsoft.Storage/storageAccounts/blobServices/generateUserDelegationKey/action}: Storage Blob Delegator,
 *       infra/bicep/modules/rbac.bicep), cached and renewed before the links it must cover outlive it;
 *   <li>{@link Signing#ACCOUNT_KEY} (a connection string with an account key: Azurite locally): a service SAS signed
 *       with the key.
 * </ul>
 *
 * <p>Measuring reads the blob once under its ETag (a blob rewritten meanwhile fails the read: {@link
 * Measurement.Unsettled}) in 4 MiB ranges, each bounded by the client's per-request timeout ({@link StorageClients}),
 * and the whole read by {@code measureBudget}, so a slow or hostile upload cannot hold a request past the host's limit.
 */
public final class BlobFirmwarePackages implements PackageBlobs {
    /** How FleetOps signs links. */
    public enum Signing {
        ACCOUNT_KEY,
        USER_DELEGATION
    }

    private static final int READ_BLOCK = 4 * 1024 * 1024;

    private final BlobContainerClient container;
    private final BlobSasSigner signer;
    private final Duration measureBudget;
    private final Clock clock;
    private final String containerUrl;
    private volatile boolean containerReady;

    public BlobFirmwarePackages(
            BlobServiceClient service, String containerName, Signing signing, Duration measureBudget, Clock clock) {
        this.container = service.getBlobContainerClient(containerName);
        this.signer = new BlobSasSigner(service, signing, clock);
        this.measureBudget = measureBudget;
        this.clock = clock;
        this.containerUrl = container.getBlobContainerUrl();
    }

    @Override
    public String plainUrl(String blobName) {
        return container.getBlobClient(blobName).getBlobUrl();
    }

    @Override
    public String uploadLink(String blobName, Instant expiresAt) {
        ensureContainer();
        return link(blobName, new BlobSasPermission().setCreatePermission(true).setWritePermission(true), expiresAt);
    }

    @Override
    public Optional<String> readLink(String packageUri, Instant expiresAt) {
        if (packageUri == null || !packageUri.startsWith(containerUrl + "/") || packageUri.contains("?")) {
            return Optional.empty();
        }
        String blobName = URLDecoder.decode(packageUri.substring(containerUrl.length() + 1), StandardCharsets.UTF_8);
        return Optional.of(link(blobName, new BlobSasPermission().setReadPermission(true), expiresAt));
    }

    private String link(String blobName, BlobSasPermission permission, Instant expiresAt) {
        return signer.link(container.getBlobClient(blobName), permission, expiresAt);
    }

    @Override
    public Measurement measure(String blobName, long maxBytes) {
        BlobClient blob = container.getBlobClient(blobName);
        BlobProperties props;
        try {
            props = blob.getProperties();
        } catch (BlobStorageException e) {
            if (e.getStatusCode() == 404) {
                return new Measurement.Missing();
            }
            throw e;
        }
        long size = props.getBlobSize();
        if (size > maxBytes) {
            return new Measurement.TooLarge(size, maxBytes);
        }
        Instant deadline = clock.instant().plus(measureBudget);
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
        long read = 0;
        BlobInputStreamOptions options = new BlobInputStreamOptions()
                .setBlockSize(READ_BLOCK)
                .setRequestConditions(new BlobRequestConditions().setIfMatch(props.getETag()));
        try (InputStream in = blob.openInputStream(options)) {
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) != -1; ) {
                read += n;
                if (read > size) {
                    return new Measurement.Unsettled("the package grew while it was read; complete it again");
                }
                sha.update(buffer, 0, n);
                if (clock.instant().isAfter(deadline)) {
                    return new Measurement.Unsettled(
                            "reading the package took longer than " + measureBudget.toSeconds() + " s");
                }
            }
        } catch (BlobStorageException e) {
            if (e.getStatusCode() == 412 || e.getStatusCode() == 404) {
                return new Measurement.Unsettled("the package changed while it was read; complete it again");
            }
            throw e;
        } catch (IOException e) {
            if (e.getCause() instanceof BlobStorageException b
                    && (b.getStatusCode() == 412 || b.getStatusCode() == 404)) {
                return new Measurement.Unsettled("the package changed while it was read; complete it again");
            }
            throw new UncheckedIOException(e);
        }
        if (read != size) {
            return new Measurement.Unsettled("the package changed while it was read; complete it again");
        }
        return new Measurement.Measured(size, HexFormat.of().formatHex(sha.digest()));
    }

    @Override
    public void delete(String blobName) {
        container.getBlobClient(blobName).deleteIfExists();
    }

    private void ensureContainer() {
        if (!containerReady) {
            container.createIfNotExists();
            containerReady = true;
        }
    }
}
