package dev.fleetops.localhub.hub;

import java.util.Collection;
import java.util.List;

/** Where the identity registry survives restarts. Twins are kept in memory for now. */
public interface RegistryStore {
    List<DeviceIdentity> load();

    /** Replaces the stored registry; called after every registry change, before the change is acknowledged. */
    void save(Collection<DeviceIdentity> devices);

    /** A store that keeps nothing (tests, throwaway hubs). */
    RegistryStore NONE = new RegistryStore() {
        @Override
        public List<DeviceIdentity> load() {
            return List.of();
        }

        @Override
        public void save(Collection<DeviceIdentity> devices) {}
    };
}
