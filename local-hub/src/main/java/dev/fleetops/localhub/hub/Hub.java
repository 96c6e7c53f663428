package dev.fleetops.localhub.hub;

import com.google.gson.JsonObject;
import dev.fleetops.localhub.auth.AccessPolicy;
import dev.fleetops.localhub.auth.SasToken;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The hub's state and behaviour, independent of any transport: identity registry, twins, device
 * connections, direct methods and telemetry. Thread-safe; each device's state is guarded by its entry.
 */
public final class Hub implements AutoCloseable {
    private final String hostName;
    private final List<AccessPolicy> policies;
    private final Clock clock;
    private final RegistryStore store;
    private final Map<String, DeviceEntry> devices = new ConcurrentHashMap<>();
    private final ScheduledExecutorService scheduler;
    private final MethodDispatcher methods;
    private final TelemetryBuffer telemetry;
    private final SecureRandom random = new SecureRandom();
    private final Object registryWrite = new Object();
    private final java.util.List<java.util.function.Consumer<String>> removalListeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final dev.fleetops.localhub.c2d.CloudToDeviceQueues cloudToDevice = new dev.fleetops.localhub.c2d.CloudToDeviceQueues();
    /** Durable twins (see {@link #useTwinStore}); in memory only by default. */
    private volatile TwinStore twinStore = TwinStore.NONE;
    /** Throttles and injected faults (see {@link #gate(HubGate)}); admits everything by default. */
    private volatile HubGate gate = HubGate.OPEN;

    public Hub(String hostName, List<AccessPolicy> policies, Clock clock, RegistryStore store, int telemetryCapacity) {
        this.hostName = hostName;
        this.policies = List.copyOf(policies);
        this.clock = clock;
        this.store = store;
        this.scheduler = Executors.newScheduledThreadPool(1, r -> {
            Thread t = new Thread(r, "local-hub-timers");
            t.setDaemon(true);
            return t;
        });
        this.methods = new MethodDispatcher(scheduler);
        this.telemetry = new TelemetryBuffer(telemetryCapacity);
        for (DeviceIdentity d : store.load()) {
            devices.put(d.deviceId(), new DeviceEntry(d));
        }
        onDeviceRemoved(cloudToDevice::discard);
    }

    public String hostName() {
        return hostName;
    }

    public List<AccessPolicy> policies() {
        return policies;
    }

    public Clock clock() {
        return clock;
    }

    // ---- identity registry -------------------------------------------------------------------

    /** Registers a device; null keys are generated. @throws HubException 409001 if it exists, 400004 for a bad id */
    public DeviceIdentity addDevice(String deviceId, String primaryKey, String secondaryKey, boolean enabled) {
        if (!DeviceIdentity.isValidId(deviceId)) {
            throw new HubException(ErrorCodes.ARGUMENT_INVALID, "invalid device id");
        }
        synchronized (registryWrite) {
            if (devices.containsKey(deviceId)) {
                throw new HubException(ErrorCodes.DEVICE_ALREADY_EXISTS, "A device with ID '" + deviceId + "' is already registered.");
            }
            Instant now = clock.instant();
            DeviceIdentity d = new DeviceIdentity(deviceId, Long.toString(now.toEpochMilli() * 1000 + random.nextInt(1000)),
                    newEtag(), keyOrNew(primaryKey), keyOrNew(secondaryKey), enabled, null, now);
            devices.put(deviceId, new DeviceEntry(d));
            persist();
            return d;
        }
    }

    /**
     * Registers many devices with generated keys and stores the registry once, so pre-creating a fleet of
     * thousands costs one registry write instead of one per device. Ids already registered are left as they are.
     *
     * @return the identities created, in the order given
     * @throws HubException 400004 for a bad id (nothing is registered then)
     */
    public List<DeviceIdentity> addDevices(java.util.Collection<String> deviceIds) {
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
                DeviceIdentity d = new DeviceIdentity(id, Long.toString(now.toEpochMilli() * 1000 + random.nextInt(1000)),
                        newEtag(), keyOrNew(null), keyOrNew(null), true, null, now);
                devices.put(id, new DeviceEntry(d));
                created.add(d);
            }
            if (!created.isEmpty()) {
                persist();
            }
        }
        return created;
    }

    public Optional<DeviceIdentity> device(String deviceId) {
        DeviceEntry e = devices.get(deviceId);
        return e == null ? Optional.empty() : Optional.of(e.identity);
    }

    /**
     * Updates status and keys.
     *
     * @param ifMatch the caller's precondition ({@link IfMatch#checkRegistry}); null for none
     * @throws HubException 404001, or 412001 when {@code ifMatch} is no entity-tag or names another etag
     */
    public DeviceIdentity updateDevice(String deviceId, boolean enabled, String statusReason, String primaryKey,
                                       String secondaryKey, IfMatch ifMatch) {
        synchronized (registryWrite) {
            DeviceEntry e = entry(deviceId);
            DeviceLink toClose = null;
            DeviceIdentity updated;
            synchronized (e) {
                orAbsent(ifMatch).checkRegistry(e.identity.etag());
                updated = e.identity.withStatus(enabled, statusReason, clock.instant(), newEtag())
                        .withKeys(keyOrKeep(primaryKey, e.identity.primaryKey()), keyOrKeep(secondaryKey, e.identity.secondaryKey()), newEtag());
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

    /**
     * @param ifMatch the caller's precondition ({@link IfMatch#checkRegistry}); null for none
     * @throws HubException 404001 or 412001
     */
    public void removeDevice(String deviceId, IfMatch ifMatch) {
        synchronized (registryWrite) {
            DeviceEntry e = entry(deviceId);
            DeviceLink link;
            synchronized (e) {
                orAbsent(ifMatch).checkRegistry(e.identity.etag());
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

    /** Called with the id of every removed device, e.g. so a transport forgets its session. */
    public void onDeviceRemoved(java.util.function.Consumer<String> listener) {
        removalListeners.add(listener);
    }

    public List<DeviceIdentity> identities() {
        List<DeviceIdentity> out = new ArrayList<>();
        devices.values().forEach(e -> out.add(e.identity));
        out.sort(Comparator.comparing(DeviceIdentity::deviceId));
        return out;
    }

    /** Total, enabled and disabled device counts. */
    public long[] statistics() {
        long enabled = devices.values().stream().filter(e -> e.identity.enabled()).count();
        return new long[] {devices.size(), enabled, devices.size() - enabled};
    }

    /** Connection state and last activity, for registry and twin documents. */
    public DeviceView view(String deviceId) {
        DeviceEntry e = entry(deviceId);
        synchronized (e) {
            return new DeviceView(e.identity, e.connected(), e.connectionStateUpdated, e.lastActivity);
        }
    }

    // ---- device connections ------------------------------------------------------------------

    /** Checks a device's SAS token (the MQTT password) as IoT Hub does. */
    public DeviceAuth authenticateDevice(String deviceId, String password) {
        DeviceEntry e = devices.get(deviceId);
        if (e == null) {
            return DeviceAuth.UNKNOWN_DEVICE;
        }
        Optional<SasToken> token = SasToken.parse(password);
        if (token.isEmpty() || token.get().isExpired(clock.instant())) {
            return DeviceAuth.BAD_CREDENTIALS;
        }
        String resource = token.get().decodedResource();
        if (!resource.endsWith("/devices/" + deviceId)) {
            return DeviceAuth.UNKNOWN_DEVICE;
        }
        DeviceIdentity id = e.identity;
        if (!token.get().isSignedWith(id.primaryKey()) && !token.get().isSignedWith(id.secondaryKey())) {
            return DeviceAuth.BAD_CREDENTIALS;
        }
        return id.enabled() ? DeviceAuth.ACCEPTED : DeviceAuth.DISABLED;
    }

    /** Makes {@code link} the device's connection; returns the link it replaced (to be closed by the caller), or null. */
    public DeviceLink attach(String deviceId, DeviceLink link) {
        DeviceEntry e = entry(deviceId);
        synchronized (e) {
            DeviceLink previous = e.link;
            e.link = link;
            Instant now = clock.instant();
            if (previous == null) {
                e.connectionStateUpdated = now;
            }
            e.lastActivity = now;
            return previous;
        }
    }

    /** Forgets {@code link} if it is still the device's connection. */
    public void detach(String deviceId, DeviceLink link) {
        DeviceEntry e = devices.get(deviceId);
        if (e == null) {
            return;
        }
        synchronized (e) {
            if (e.link == link) {
                e.link = null;
                e.connectionStateUpdated = clock.instant();
            }
        }
    }

    public void touch(String deviceId) {
        DeviceEntry e = devices.get(deviceId);
        if (e != null) {
            synchronized (e) {
                e.lastActivity = clock.instant();
            }
        }
    }

    public boolean isConnected(String deviceId) {
        DeviceEntry e = devices.get(deviceId);
        return e != null && e.link != null;
    }

    // ---- twins -------------------------------------------------------------------------------

    /** The full twin as {@code GET /twins/{id}} returns it. @throws HubException 404001 */
    public JsonObject twin(String deviceId) {
        DeviceEntry e = entry(deviceId);
        synchronized (e) {
            return TwinDocuments.full(e, true);
        }
    }

    /** Every twin, for queries. */
    public List<JsonObject> twins() {
        List<JsonObject> out = new ArrayList<>();
        for (DeviceEntry e : devices.values()) {
            synchronized (e) {
                out.add(TwinDocuments.full(e, false));
            }
        }
        out.sort(Comparator.comparing(o -> o.get("deviceId").getAsString()));
        return out;
    }

    /** {@code {"desired":…,"reported":…}} as a device reads it over MQTT. */
    public JsonObject twinProperties(String deviceId) {
        DeviceEntry e = entry(deviceId);
        synchronized (e) {
            JsonObject out = new JsonObject();
            out.add("desired", e.twin.desired.toJson(true));
            out.add("reported", e.twin.reported.toJson(true));
            return out;
        }
    }

    /**
     * Applies a device's reported-properties patch.
     *
     * @param expectedVersion the {@code $version} the device sent, or null for none
     * @return the new reported version
     * @throws HubException 412001 on a version mismatch, 400004 for bad names, 413001 past the size limit
     */
    public long patchReported(String deviceId, JsonObject patch, Long expectedVersion) {
        JsonTrees.checkKeys(patch, "reported");
        DeviceEntry e = entry(deviceId);
        synchronized (e) {
            TwinState t = e.twin;
            if (expectedVersion != null && expectedVersion != t.reported.version) {
                throw new HubException(ErrorCodes.PRECONDITION_FAILED, "reported version " + expectedVersion
                        + " does not match the current version " + t.reported.version);
            }
            TwinState.checkSize(t.reported, patch, false, "reported");
            t.reported.apply(patch, clock.instant(), false);
            t.version++;
            e.lastActivity = clock.instant();
            durable(e);
            return t.reported.version;
        }
    }

    /**
     * Updates tags and desired properties from the service side ({@code replace}: PUT semantics).
     *
     * @param ifMatch the caller's precondition on the twin etag ({@link IfMatch#checkTwin}); null for none
     * @return the updated full twin
     * @throws HubException 404001, or 412001 when {@code ifMatch} names another etag
     */
    public JsonObject updateTwin(String deviceId, JsonObject tags, JsonObject desired, IfMatch ifMatch, boolean replace) {
        if (tags != null) {
            JsonTrees.checkKeys(tags, "tags");
        }
        if (desired != null) {
            JsonTrees.checkKeys(desired, "desired");
        }
        DeviceEntry e = entry(deviceId);
        DeviceLink notify = null;
        long desiredVersion = 0;
        byte[] notification = null;
        JsonObject result;
        synchronized (e) {
            TwinState t = e.twin;
            orAbsent(ifMatch).checkTwin(t.etag());
            boolean tagsChange = tags != null && (replace || tags.size() > 0);
            boolean desiredChange = desired != null && (replace || desired.size() > 0);
            if (tagsChange) {
                JsonObject next = replace ? new JsonObject() : t.tags.deepCopy();
                JsonTrees.merge(next, tags);
                if (JsonTrees.size(next) > TwinState.MAX_TAGS_BYTES) {
                    throw new HubException(ErrorCodes.MESSAGE_TOO_LARGE, "tags would exceed " + TwinState.MAX_TAGS_BYTES + " bytes");
                }
                t.tags = next;
            }
            if (desiredChange) {
                TwinState.checkSize(t.desired, desired, replace, "desired");
                t.desired.apply(desired, clock.instant(), replace);
                desiredVersion = t.desired.version;
                JsonObject body = replace ? t.desired.values.deepCopy() : desired.deepCopy();
                body.addProperty("$version", desiredVersion);
                notification = body.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
                if (e.link != null && e.link.subscribedToDesired()) {
                    notify = e.link;
                }
            }
            if (tagsChange || desiredChange) {
                t.version++;
                durable(e);
            }
            result = TwinDocuments.full(e, true);
        }
        if (notify != null) {
            notify.sendDesiredPatch(desiredVersion, notification);
        }
        return result;
    }

    // ---- direct methods ----------------------------------------------------------------------

    /**
     * Invokes a direct method. The future fails with a {@link HubException}: 404001 unknown device,
     * 404103 not connected/subscribed within {@code connectTimeout}, 504101 no answer within {@code responseTimeout}.
     */
    public CompletableFuture<MethodResult> invokeMethod(String deviceId, String methodName, byte[] payload,
                                                        Duration responseTimeout, Duration connectTimeout) {
        if (!devices.containsKey(deviceId)) {
            return CompletableFuture.failedFuture(HubException.deviceNotFound(deviceId));
        }
        return methods.invoke(deviceId, methodName, payload, responseTimeout, connectTimeout, () -> {
            DeviceEntry e = devices.get(deviceId);
            if (e == null) {
                return null;
            }
            synchronized (e) {
                return e.link != null && e.link.subscribedToMethods() && e.identity.enabled() ? e.link : null;
            }
        });
    }

    /** A device answered request {@code requestId}. */
    public void methodResponse(String deviceId, String requestId, int status, byte[] payload) {
        if (gate.dropMethodResponse(deviceId)) {
            touch(deviceId);
            return;
        }
        methods.complete(deviceId, requestId, new MethodResult(status, payload));
        touch(deviceId);
    }

    // ---- telemetry ---------------------------------------------------------------------------

    public void acceptTelemetry(String deviceId, Map<String, String> properties, byte[] body) {
        telemetry.add(new TelemetryMessage(deviceId, clock.instant(), properties, body));
        touch(deviceId);
    }

    /** The buffered device-to-cloud messages, oldest first. */
    public List<TelemetryMessage> telemetry() {
        return telemetry.snapshot();
    }

    // ---- cloud-to-device messages -------------------------------------------------------------

    /**
     * Queues a cloud-to-device message and hands it to the device's connection if it has one; it stays queued
     * until the device acknowledges it.
     *
     * @param messageId null for a generated one
     * @throws HubException 404001 unknown device, 403004 queue full, 400004 bad properties, 413001 body over 64 KB
     */
    public dev.fleetops.localhub.c2d.CloudToDeviceMessage sendCloudToDevice(String deviceId, byte[] body, Map<String, String> properties,
                                                                          String messageId) {
        DeviceEntry e = entry(deviceId);
        dev.fleetops.localhub.c2d.CloudToDeviceMessage m = cloudToDevice.enqueue(deviceId, body, properties, messageId, clock.instant());
        DeviceLink link;
        synchronized (e) {
            link = e.link;
        }
        if (link != null) {
            link.cloudToDeviceAvailable();
        }
        return m;
    }

    /** Cloud-to-device messages waiting for the device (sent or not, but unacknowledged), oldest first. */
    public List<dev.fleetops.localhub.c2d.CloudToDeviceMessage> pendingCloudToDevice(String deviceId) {
        return cloudToDevice.pending(deviceId, clock.instant());
    }

    /** The device acknowledged a cloud-to-device message; it leaves the queue. */
    public void completeCloudToDevice(String deviceId, String lockToken) {
        cloudToDevice.complete(deviceId, lockToken);
        touch(deviceId);
    }

    // ---- durability, admission, connection faults (follow-up issue) ---------------------------

    /**
     * Keeps twins in {@code store} from now on, after restoring the twins it holds for registered devices (records
     * of deleted or re-created devices are skipped by generation id). Call once, before serving.
     */
    public void useTwinStore(TwinStore store) {
        Map<String, JsonObject> records = store.load();
        for (DeviceEntry e : devices.values()) {
            JsonObject r = records.get(e.identity.deviceId());
            if (r != null && TwinRecords.matches(e, r)) {
                synchronized (e) {
                    TwinRecords.restore(e, r);
                }
            }
        }
        this.twinStore = store;
        onDeviceRemoved(store::forget);
    }

    /** Installs the admission gate (throttles, faults) the transports consult. */
    public void gate(HubGate gate) {
        this.gate = gate == null ? HubGate.OPEN : gate;
    }

    public HubGate gate() {
        return gate;
    }

    /** Drops a device's connection (whatever its transport) as a network failure would. @return whether it was connected */
    public boolean dropConnection(String deviceId, String reason) {
        DeviceEntry e = devices.get(deviceId);
        DeviceLink link;
        if (e == null) {
            return false;
        }
        synchronized (e) {
            link = e.link;
        }
        if (link != null) {
            link.close(reason);
        }
        return link != null;
    }

    /** Drops every device connection. @return how many were connected */
    public int dropAllConnections(String reason) {
        int n = 0;
        for (String id : new ArrayList<>(devices.keySet())) {
            n += dropConnection(id, reason) ? 1 : 0;
        }
        return n;
    }

    /** Journals the twin of {@code e} and waits until it is on disk; call with the entry's lock held, after a change. */
    private void durable(DeviceEntry e) {
        TwinStore s = twinStore;
        if (s == TwinStore.NONE) {
            return;
        }
        try {
            s.awaitDurable(s.append(e.identity.deviceId(), TwinRecords.of(e)));
        } catch (RuntimeException ex) {
            org.slf4j.LoggerFactory.getLogger(Hub.class).error("cannot store the twin of {}", e.identity.deviceId(), ex);
            throw new HubException(ErrorCodes.SERVER_ERROR, "The twin change could not be stored.");
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }

    // ---- helpers -----------------------------------------------------------------------------

    private DeviceEntry entry(String deviceId) {
        DeviceEntry e = deviceId == null ? null : devices.get(deviceId);
        if (e == null) {
            throw HubException.deviceNotFound(deviceId);
        }
        return e;
    }

    private static IfMatch orAbsent(IfMatch ifMatch) {
        return ifMatch == null ? IfMatch.ABSENT : ifMatch;
    }

    private void persist() {
        store.save(identities());
    }

    private String keyOrNew(String key) {
        return key == null || key.isBlank() ? AccessPolicy.newKey(random) : key;
    }

    private static String keyOrKeep(String key, String current) {
        return key == null || key.isBlank() ? current : key;
    }

    private String newEtag() {
        byte[] b = new byte[6];
        random.nextBytes(b);
        return java.util.Base64.getEncoder().encodeToString(b);
    }
}
