package dev.fleetops.functions.storage;

import static dev.fleetops.functions.storage.RolloutStoreContract.T0;
import static dev.fleetops.functions.storage.RolloutStoreContract.newId;
import static dev.fleetops.functions.storage.RolloutStoreContract.queued;
import static dev.fleetops.functions.storage.RolloutStoreContract.rollout;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.azure.data.tables.TableServiceClient;
import com.azure.data.tables.TableServiceClientBuilder;
import com.azure.data.tables.models.TableEntity;
import dev.fleetops.core.rollout.RolloutState;
import dev.fleetops.core.rollout.service.ConcurrentUpdateException;
import dev.fleetops.core.rollout.service.RolloutStore.CreateResult;
import dev.fleetops.functions.support.Azurite;
import dev.fleetops.testkit.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The idempotency claim protocol ({@link IdempotencyClaims}) against Azurite, with the protocol's clock and pauses in
 * the test's hands: a create that finds someone else's claim waits with growing pauses, answers with the operation
 * once it appears, asks for a retry while the claim is fresh, and takes the claim over once the clock has passed its
 * timeout.
 */
class IdempotencyClaimsIT {
    private static final TableServiceClient SERVICE = new TableServiceClientBuilder()
            .connectionString(Azurite.connectionString())
            .buildClient();
    private static final TableRolloutStore PLAIN = new TableRolloutStore(SERVICE);

    private final TestClock clock = TestClock.at(Instant.now());
    private final List<Duration> pauses = new ArrayList<>();

    private TableRolloutStore store(BoundedWait.Sleeper sleeper) {
        return new TableRolloutStore(SERVICE, Duration.ofSeconds(2), Duration.ofMinutes(15), clock, sleeper);
    }

    /** A store that asks to create under {@code key} while another creator's claim is fresh, and is told to retry. */
    private TableRolloutStore losesToAFreshClaim(String key) {
        claimWithoutOperation(key, newId());
        TableRolloutStore store = store(pauses::add);
        assertThrows(
                ConcurrentUpdateException.class,
                () -> store.create(rollout(newId(), RolloutState.SCHEDULED, T0), List.of(), key, "h"));
        return store;
    }

    /** A claim whose creator has not written its operation (yet, or ever). */
    private static void claimWithoutOperation(String key, String operationId) {
        PLAIN.get("warm-up"); // creates the tables
        SERVICE.getTableClient(TableRolloutStore.IDEMPOTENCY)
                .createEntity(new TableEntity("key", RolloutEntities.sha256Hex(key))
                        .addProperty("OperationId", operationId)
                        .addProperty("RequestHash", "h"));
    }

    @Test
    void whileTheClaimIsFreshALoserWaitsWithDoublingPausesThenAsksForARetry() {
        String key = "key-" + newId();
        TableRolloutStore store = losesToAFreshClaim(key);
        assertEquals(Pauses.millis(50, 100, 200, 400, 800, 450), pauses, "pauses add up to awaitExisting (2 s)");
    }

    @Test
    void theWinnersOperationAppearingDuringTheWaitIsTheAnswer() {
        String key = "key-" + newId();
        String winner = newId();
        claimWithoutOperation(key, winner);
        TableRolloutStore store = store(pause -> {
            pauses.add(pause);
            if (pauses.size() == 2) { // the winner finishes while the loser waits
                PLAIN.create(rollout(winner, RolloutState.SCHEDULED, T0), queued(2), null, null);
            }
        });
        CreateResult r = store.create(rollout(newId(), RolloutState.SCHEDULED, T0), List.of(), key, "h");
        assertEquals(
                winner,
                assertInstanceOf(CreateResult.Existing.class, r)
                        .rollout()
                        .rollout()
                        .id());
        assertEquals(Pauses.millis(50, 100), pauses);
    }

    @Test
    void aClaimIsTakenOverOnceTheClockHasPassedItsTimeout() {
        String key = "key-" + newId();
        TableRolloutStore store = losesToAFreshClaim(key);

        clock.advance(Duration.ofMinutes(16));
        String id = newId();
        assertInstanceOf(
                CreateResult.Created.class, store.create(rollout(id, RolloutState.SCHEDULED, T0), queued(3), key, "h"));
        assertEquals(
                id,
                SERVICE.getTableClient(TableRolloutStore.IDEMPOTENCY)
                        .getEntity("key", RolloutEntities.sha256Hex(key))
                        .getProperty("OperationId"));
        assertEquals(
                id,
                assertInstanceOf(
                                CreateResult.Existing.class,
                                PLAIN.create(rollout(newId(), RolloutState.SCHEDULED, T0), List.of(), key, "h"))
                        .rollout()
                        .rollout()
                        .id());
    }
}
