package dev.fleetops.device.agent;

import dev.fleetops.device.state.DeviceState;
import dev.fleetops.device.state.LiveState;
import dev.fleetops.device.state.LoadResult;
import dev.fleetops.device.state.StateStore;
import java.util.function.Consumer;

/** Loads the persisted state, or a factory-fresh one when there is none or it was corrupt. */
public final class Startup {
    private Startup() {}

    /**
     * @param warn receives one line when a corrupt state file was quarantined
     * @throws java.io.UncheckedIOException if the state directory cannot be read or written
     */
    public static LiveState load(StateStore store, String factoryVersion, Consumer<String> warn) {
        LoadResult r = store.load();
        DeviceState s;
        if (r instanceof LoadResult.Loaded l) {
            s = l.state();
        } else {
            if (r instanceof LoadResult.Corrupt c) {
                warn.accept("state file was unreadable (" + c.reason() + "); kept it as " + c.quarantined()
                        + " and started with factory state");
            }
            s = DeviceState.factory(factoryVersion);
            store.save(s);
        }
        return new LiveState(store, s);
    }
}
