package dev.fleetops.device.state;

import java.util.function.UnaryOperator;

/**
 * The device's current state and the single place it changes: {@link #update} computes, persists and
 * only then publishes the new state, so nothing is ever reported that is not already on disk.
 * Thread-safe: updates are serialized.
 */
public final class LiveState {
    private final StateStore store;
    private volatile DeviceState state;

    public LiveState(StateStore store, DeviceState initial) {
        this.store = store;
        this.state = initial;
    }

    public DeviceState get() {
        return state;
    }

    /**
     * Applies {@code change}, saves the result and returns it.
     *
     * @throws java.io.UncheckedIOException if saving fails; the in-memory state is then unchanged
     */
    public synchronized DeviceState update(UnaryOperator<DeviceState> change) {
        DeviceState next = change.apply(state);
        store.save(next);
        state = next;
        return next;
    }

    public StateStore store() {
        return store;
    }
}
