package dev.fleetops.functions.storage;

import static dev.fleetops.functions.storage.RolloutEntities.str;

import com.azure.data.tables.TableClient;
import com.azure.data.tables.models.TableEntity;
import com.azure.data.tables.models.TableEntityUpdateMode;
import com.azure.data.tables.models.TableServiceException;
import dev.fleetops.core.rollout.service.ConcurrentUpdateException;
import dev.fleetops.core.rollout.service.StoredRollout;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The idempotency-key claim protocol on {@value TableRolloutStore#IDEMPOTENCY}: of any number of concurrent creates
 * with one key, exactly one writes an operation; the others answer with that operation (same request hash) or a key
 * conflict (another hash). A claim is one entity, PartitionKey {@code key}, RowKey = SHA-256 hex of the key, holding
 * {@code OperationId}, {@code RequestHash} and {@code ClaimedAt} (the injected clock's time of the claim).
 *
 * <ol>
 * <li><b>Claim</b>: insert the entity. Insert is Table Storage's atomic create-if-absent, so one creator wins; it
 * gets the claim's etag ({@link Outcome.Won}), writes the executions and then the operation, and if that fails
 * releases the claim with a delete If-Match that etag (a claim someone took over meanwhile is not deleted).</li>
 * <li><b>Lost</b> (409): read the claim.
 * <ol type="a">
 * <li>Gone (404): its creator failed and released it: claim again.</li>
 * <li>Expired ({@code ClaimedAt} {@code keyTtl} or more before the injected clock): the key no longer names its
 * request; take it over as in (f) and create a new operation.</li>
 * <li>Another request hash: {@link Outcome.Conflict} with the claim's operation id.</li>
 * <li>Same hash: wait for the claim's operation to appear ({@link BoundedWait}: point reads after pauses of 50 ms,
 * doubling up to 1 s, until {@code awaitExisting} has passed). Found: {@link Outcome.Replay}.</li>
 * <li>Not found and the claim is younger than {@code claimTimeout} (its service-set {@code Timestamp} against the
 * injected clock): its creator may still be writing, so {@link ConcurrentUpdateException} ("retry").</li>
 * <li>Not found and older: its creator died between claim and operation. Take the claim over by replacing it
 * If-Match the etag read in 2; that is {@link Outcome.Won} with the new etag. 412 or 404 means another creator
 * changed it first: claim again.</li>
 * </ol></li>
 * <li>After {@value #MAX_ROUNDS} rounds without an outcome: {@link ConcurrentUpdateException} ("contended").</li>
 * </ol>
 *
 * <p>Every write is conditional (insert, or replace/delete If-Match), so an operation is only written by the holder
 * of a claim etag that was current when it got it. The one gap is a creator slower than {@code claimTimeout} (15
 * minutes by default, far beyond any create) whose claim is taken over: both operations are then written, and the key
 * names the second.
 */
final class IdempotencyClaims {
    static final String PARTITION = "key";
    static final int MAX_ROUNDS = 5;

    /** What a create with an idempotency key does next. */
    sealed interface Outcome {
        /** The key is this create's: write the operation, or {@link #release} the claim on failure. */
        record Won(String row, String etag) implements Outcome {}

        /** The key's operation, created earlier by the same request. */
        record Replay(StoredRollout existing) implements Outcome {}

        /** The key was used with another request, for this operation. */
        record Conflict(String existingId) implements Outcome {}
    }

    private final TableClient table;
    private final Function<String, Optional<StoredRollout>> operations;
    private final Clock clock;
    private final BoundedWait wait;
    private final Duration awaitExisting;
    private final Duration claimTimeout;
    private final Duration keyTtl;

    /**
     * @param operations    reads an operation by id (empty if unknown)
     * @param awaitExisting how long a create that lost the race waits for the winner's operation
     * @param claimTimeout  after how long a claim whose operation never appeared is taken over
     * @param keyTtl        after how long a claim no longer names its request (it neither replays nor conflicts)
     */
    IdempotencyClaims(
            TableClient table,
            Function<String, Optional<StoredRollout>> operations,
            Clock clock,
            BoundedWait wait,
            Duration awaitExisting,
            Duration claimTimeout,
            Duration keyTtl) {
        this.table = table;
        this.operations = operations;
        this.clock = clock;
        this.wait = wait;
        this.awaitExisting = awaitExisting;
        this.claimTimeout = claimTimeout;
        this.keyTtl = keyTtl;
    }

    /**
     * Claims {@code idempotencyKey} for operation {@code operationId}.
     *
     * @param requestHash hash of the request body, or null
     * @throws ConcurrentUpdateException if the key's operation is still being created, or the key is contended
     */
    Outcome claim(String idempotencyKey, String operationId, String requestHash) {
        String row = RolloutEntities.sha256Hex(idempotencyKey);
        for (int round = 0; round < MAX_ROUNDS; round++) {
            TableEntity claim = new TableEntity(PARTITION, row)
                    .addProperty("OperationId", operationId)
                    .addProperty("ClaimedAt", clock.instant().toString());
            if (requestHash != null) {
                claim.addProperty("RequestHash", requestHash);
            }
            try {
                return new Outcome.Won(
                        row, Tables.etag(table.createEntityWithResponse(claim, null, null), table, PARTITION, row));
            } catch (TableServiceException e) {
                if (Tables.status(e) != 409) {
                    throw e;
                }
            }
            TableEntity existing = Tables.find(table, PARTITION, row);
            if (existing == null) {
                continue; // the other creator failed and released the key: try again
            }
            if (isExpired(existing)) {
                String etag = takeOver(existing, claim);
                if (etag != null) {
                    return new Outcome.Won(row, etag);
                }
                continue; // another creator took it over first
            }
            String existingId = str(existing, "OperationId");
            if (!Objects.equals(str(existing, "RequestHash"), requestHash)) {
                return new Outcome.Conflict(existingId);
            }
            Optional<StoredRollout> winner = wait.until(awaitExisting, () -> operations.apply(existingId));
            if (winner.isPresent()) {
                return new Outcome.Replay(winner.get());
            }
            if (!isAbandoned(existing)) {
                throw new ConcurrentUpdateException(
                        "operation " + existingId + " with this idempotency key is still being created; retry");
            }
            String etag = takeOver(existing, claim);
            if (etag != null) {
                return new Outcome.Won(row, etag);
            }
        }
        throw new ConcurrentUpdateException("idempotency key is contended; retry");
    }

    /** Deletes a won claim whose operation could not be written; a failure to do so is added to {@code cause}. */
    void release(Outcome.Won won, RuntimeException cause) {
        try {
            TableEntity claim = new TableEntity(PARTITION, won.row()).addProperty("odata.etag", won.etag());
            table.deleteEntityWithResponse(claim, true, null, null);
        } catch (RuntimeException e) {
            cause.addSuppressed(e); // an abandoned claim is taken over after claimTimeout
        }
    }

    private boolean isAbandoned(TableEntity claim) {
        return isOlderThan(claim, claimTimeout);
    }

    /** By the claim's own {@code ClaimedAt} (the injected clock's), or its service-set Timestamp for claims written before it existed. */
    private boolean isExpired(TableEntity claim) {
        String claimedAt = str(claim, "ClaimedAt");
        return claimedAt == null
                ? isOlderThan(claim, keyTtl)
                : !java.time.Instant.parse(claimedAt).plus(keyTtl).isAfter(clock.instant());
    }

    private boolean isOlderThan(TableEntity claim, Duration age) {
        return claim.getTimestamp() != null
                && !claim.getTimestamp().toInstant().plus(age).isAfter(clock.instant());
    }

    /** Replaces an abandoned claim, conditional on it not having changed; null if someone else did first. */
    private String takeOver(TableEntity existing, TableEntity claim) {
        claim.addProperty("odata.etag", existing.getETag());
        try {
            return Tables.etag(
                    table.updateEntityWithResponse(claim, TableEntityUpdateMode.REPLACE, true, null, null),
                    table,
                    PARTITION,
                    claim.getRowKey());
        } catch (TableServiceException e) {
            if (Tables.status(e) == 412 || Tables.status(e) == 404) {
                return null;
            }
            throw e;
        }
    }
}
