package dev.fleetops.functions.storage;

import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.models.UserDelegationKey;
import com.azure.storage.blob.sas.BlobSasPermission;
import com.azure.storage.blob.sas.BlobServiceSasSignatureValues;
import com.azure.storage.common.sas.SasProtocol;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * Signs links to single blobs, for firmware packages and log files alike: a service SAS signed with the account key
 * ({@link BlobFirmwarePackages.Signing#ACCOUNT_KEY}, Azurite) or with a user delegation key
 * ({@link BlobFirmwarePackages.Signing#USER_DELEGATION}, Azure and the app's managed identity), cached and renewed
 * before the links it must cover outlive it. HTTPS only when the blob is served over HTTPS.
 */
final class BlobSasSigner {
    /** SAS start times are set this far back, so a device whose clock runs a little behind can use a fresh link. */
    static final Duration CLOCK_SKEW = Duration.ofMinutes(5);
    /** A user delegation key is asked for this long (the service allows 7 days). */
    static final Duration DELEGATION_KEY_LIFETIME = Duration.ofDays(2);

    private final BlobServiceClient service;
    private final BlobFirmwarePackages.Signing signing;
    private final Clock clock;
    private volatile UserDelegationKey delegationKey;

    BlobSasSigner(BlobServiceClient service, BlobFirmwarePackages.Signing signing, Clock clock) {
        this.service = service;
        this.signing = signing;
        this.clock = clock;
    }

    /** The blob's URL with a SAS for {@code permission} until {@code expiresAt}. */
    String link(BlobClient blob, BlobSasPermission permission, Instant expiresAt) {
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

    /** The cached key while it outlives {@code until}; a new one otherwise. */
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
