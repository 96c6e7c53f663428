package dev.fleetops.localhub.hub;

import dev.fleetops.localhub.auth.AccessPolicy;
import dev.fleetops.localhub.errors.ErrorCodes;
import dev.fleetops.localhub.errors.HubException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The identity registry: which devices exist, with their keys, status, etag and generation id. It holds the one
 * {@link DeviceEntry} per device that the other parts of the hub share (each guarding its own fields with the
 * entry's monitor).
 *
 * <p>Registry changes are serialised by one lock because the {@link RegistryStore} is rewritten whole, and each is
 * saved before it is answered. Disabling or deleting a device closes its connection, after the save, as IoT Hub
 * drops a disabled device.
 */
final class DeviceRegistry {
    private final Clock clock;
    private final RegistryStore store;
    private final Map<String, DeviceEntry> devices = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final Object registryWrite = new Object();
    private final List<Consumer<String>> removalListeners = new CopyOnWriteArrayList<>();

    DeviceRegistry(Clock clock, RegistryStore store) {
        this.clock = clock;
        this.store = store;
        for (DeviceIdentity d : store.load()) {
            devices.put(d.deviceId(), new DeviceEntry(d));
        }
    }

    /** As {@link Hub#addDevice}. */
    DeviceIdentity add(String deviceId, DeviceCredential credential, boolean enabled) {
        if (!DeviceIdentity.isValidId(deviceId)) {
            throw new HubException(ErrorCodes.ARGUMENT_INVALID, "invalid device id");
        }
        synchronized (registryWrite) {
            if (devices.containsKey(deviceId)) {
                throw new HubException(
                        ErrorCodes.DEVICE_ALREADY_EXISTS, "A device with ID '" + deviceId + "' is already registered.");
            }
            DeviceIdentity d = newIdentity(
                    deviceId,
                    credential == null ? new DeviceCredential.SymmetricKeys(null, null) : credential,
                    enabled,
                    clock.instant());
            devices.put(deviceId, new DeviceEntry(d));
            persist();
            return d;
        }
    }

    /** As {@link Hub#addDevices}. */
    List<DeviceIdentity> addAll(Collection<String> deviceIds) {
        for (String id : deviceIds) {
            if (!DeviceIdentity.isValidId(id)) {
                throw new HubException(ErrorCodes.ARGUMENT_INVALID, "invalid device id: " + id);
            }
        }
        List<DeviceIdentity> created = new ArrayList<>();
        synchronized (registryWrite) {
            Instant now = clock.instant();
            for (String id : deviceIds) {
                if (devices.containsKey(id)) {
                    continue;
                }
                DeviceIdentity d = newIdentity(id, new DeviceCredential.SymmetricKeys(null, null), true, now);
                devices.put(id, new DeviceEntry(d));
                created.add(d);
            }
            if (!created.isEmpty()) {
                persist();
            }
        }
        return created;
    }

    Optional<DeviceIdentity> find(String deviceId) {
        DeviceEntry e = devices.get(deviceId);
        return e == null ? Optional.empty() : Optional.of(e.identity);
    }

    /** As {@link Hub#updateDevice}, with {@code ifMatch} never null; a null {@code credential} keeps the current one. */
    DeviceIdentity update(
            String deviceId, boolean enabled, String statusReason, DeviceCredential credential, IfMatch ifMatch) {
        synchronized (registryWrite) {
            DeviceEntry e = entry(deviceId);
            DeviceLink toClose = null;
            DeviceIdentity updated;
            synchronized (e) {
                ifMatch.checkRegistry(e.identity.etag());
                updated = e.identity
                        .withStatus(enabled, statusReason, clock.instant(), newEtag())
                        .withCredential(resolve(credential, e.identity.credential()), newEtag());
                e.identity = updated;
                if (!enabled) {
                    toClose = e.link;
                }
            }
            persist();
            if (toClose != null) {
                toClose.close("device disabled");
            }
            return updated;
        }
    }

    /** As {@link Hub#removeDevice}, with {@code ifMatch} never null. */
    void remove(String deviceId, IfMatch ifMatch) {
        synchronized (registryWrite) {
            DeviceEntry e = entry(deviceId);
            DeviceLink link;
            synchronized (e) {
                ifMatch.checkRegistry(e.identity.etag());
                link = e.link;
                devices.remove(deviceId);
            }
            persist();
            if (link != null) {
                link.close("device deleted");
            }
        }
        removalListeners.forEach(l -> l.accept(deviceId));
    }

    /** Called, in registration order, with the id of every removed device once it is gone from the store. */
    void onRemoved(Consumer<String> listener) {
        removalListeners.add(listener);
    }

    List<DeviceIdentity> identities() {
        List<DeviceIdentity> out = new ArrayList<>();
        devices.values().forEach(e -> out.add(e.identity));
        out.sort(Comparator.comparing(DeviceIdentity::deviceId));
        return out;
    }

    /** As {@link Hub#statistics}. */
    long[] statistics() {
        long enabled =
                devices.values().stream().filter(e -> e.identity.enabled()).count();
        return new long[] {devices.size(), enabled, devices.size() - enabled};
    }

    // ---- the shared entries, for the hub's other parts --------------------------------------

    /** The device's entry. @throws HubException 404001 */
    DeviceEntry entry(String deviceId) {
        DeviceEntry e = deviceId == null ? null : devices.get(deviceId);
        if (e == null) {
            throw HubException.deviceNotFound(deviceId);
        }
        return e;
    }

    /** The device's entry, or null if it is not registered. */
    DeviceEntry entryOrNull(String deviceId) {
        return devices.get(deviceId);
    }

    boolean contains(String deviceId) {
        return devices.containsKey(deviceId);
    }

    /** The live entries (a weakly consistent view). */
    Collection<DeviceEntry> entries() {
        return devices.values();
    }

    /** A snapshot of the registered ids. */
    List<String> ids() {
        return new ArrayList<>(devices.keySet());
    }

    // ---- helpers -----------------------------------------------------------------------------

    private DeviceIdentity newIdentity(String deviceId, DeviceCredential credential, boolean enabled, Instant now) {
        return new DeviceIdentity(
                deviceId,
                Long.toString(now.toEpochMilli() * 1000 + random.nextInt(1000)),
                newEtag(),
                resolve(credential, null),
                enabled,
                null,
                now);
    }

    private void persist() {
        store.save(identities());
    }

    /**
     * The credential to store: SAS keys left out keep the current ones (the SDK's update sends what it read), or
     * are generated when there are none; X.509 credentials are stored as given.
     */
    private DeviceCredential resolve(DeviceCredential requested, DeviceCredential current) {
        if (requested == null) {
            return current;
        }
        if (!(requested instanceof DeviceCredential.SymmetricKeys keys)) {
            return requested;
        }
        DeviceCredential.SymmetricKeys old = current instanceof DeviceCredential.SymmetricKeys k
                ? k
                : new DeviceCredential.SymmetricKeys(null, null);
        return new DeviceCredential.SymmetricKeys(
                keyOrKeep(keys.primaryKey(), old.primaryKey()), keyOrKeep(keys.secondaryKey(), old.secondaryKey()));
    }

    private String keyOrKeep(String key, String current) {
        if (key != null && !key.isBlank()) {
            return key;
        }
        return current != null ? current : AccessPolicy.newKey(random);
    }

    private String newEtag() {
        byte[] b = new byte[6];
        random.nextBytes(b);
        return Base64.getEncoder().encodeToString(b);
    }
}
