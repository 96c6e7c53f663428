package dev.fleetops.functions.storage;

import dev.fleetops.core.rollout.service.InMemoryRolloutStore;
import dev.fleetops.core.rollout.service.RolloutStore;

/** The in-memory store against the same contract as {@link TableRolloutStoreIT}. */
class InMemoryRolloutStoreContractTest extends RolloutStoreContract {
    private final InMemoryRolloutStore store = new InMemoryRolloutStore();

    @Override
    protected RolloutStore store() {
        return store;
    }

    @Override
    protected RolloutStore store(java.time.Clock clock) {
        return new InMemoryRolloutStore(clock);
    }
}
