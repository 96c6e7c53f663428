package dev.fleetops.localhub.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleetops.localhub.auth.AccessPolicy;
import dev.fleetops.localhub.errors.ErrorCodes;
import dev.fleetops.localhub.errors.HubException;
import dev.fleetops.localhub.state.FileRegistryStore;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Hub#addDevices}: a fleet registered with one registry write, kept across restarts. */
class BulkRegistrationTest {
    private static final List<AccessPolicy> POLICIES = AccessPolicy.defaults(new SecureRandom());

    @TempDir
    Path dir;

    @Test
    void tenThousandDevicesAreRegisteredWithOneRegistryWriteAndSurviveARestart() {
        AtomicInteger saves = new AtomicInteger();
        FileRegistryStore file = new FileRegistryStore(dir);
        RegistryStore counting = new RegistryStore() {
            @Override
            public List<DeviceIdentity> load() {
                return file.load();
            }

            @Override
            public void save(java.util.Collection<DeviceIdentity> devices) {
                saves.incrementAndGet();
                file.save(devices);
            }
        };
        Hub hub = new Hub("127.0.0.1", POLICIES, Clock.systemUTC(), counting, 10);
        hub.addDevice("d-00001", null, null, true);
        saves.set(0);
        List<String> ids = new ArrayList<>();
        for (int i = 1; i <= 10_000; i++) {
            ids.add(String.format("d-%05d", i));
        }

        List<DeviceIdentity> created = hub.addDevices(ids);

        assertEquals(9_999, created.size(), "the existing device is left as it is");
        assertEquals(1, saves.get());
        assertTrue(created.stream().allMatch(d -> d.enabled() && !d.primaryKey().equals(d.secondaryKey())));
        Hub restarted = new Hub("127.0.0.1", POLICIES, Clock.systemUTC(), new FileRegistryStore(dir), 10);
        assertEquals(10_000, restarted.identities().size());
        assertEquals(
                hub.device("d-04242").orElseThrow().primaryKey(),
                restarted.device("d-04242").orElseThrow().primaryKey());
    }

    @Test
    void anInvalidIdRegistersNothing() {
        Hub hub = new Hub("127.0.0.1", POLICIES, Clock.systemUTC(), RegistryStore.NONE, 10);
        HubException e = assertThrows(HubException.class, () -> hub.addDevices(List.of("ok-1", "not ok")));
        assertEquals(ErrorCodes.ARGUMENT_INVALID, e.errorCode());
        assertTrue(hub.identities().isEmpty());
    }
}
