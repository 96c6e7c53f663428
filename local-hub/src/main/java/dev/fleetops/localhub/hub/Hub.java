package dev.fleetops.localhub.hub;

import com.google.gson.JsonObject;
import dev.fleetops.localhub.auth.AccessPolicy;
import dev.fleetops.localhub.c2d.CloudToDeviceMessage;
import dev.fleetops.localhub.errors.HubException;
import dev.fleetops.localhub.x509.CertificateVerdict;
import dev.fleetops.localhub.x509.VerifiedCas;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The hub's state and behaviour, independent of any transport: the one object the transports, the jobs engine and
 * the tests talk to. It holds no logic of its own; each concern is a part that owns it:
 * <ul>
 * <li>{@link DeviceRegistry}: identities, their store, and the per-device entries the other parts share;</li>
 * <li>{@link DeviceAuthenticator}: device SAS tokens at connect time;</li>
 * <li>{@link DeviceConnections}: each device's connection (takeover), connection state and last activity;</li>
 * <li>{@link Twins} with {@link TwinJournal}: twin documents and changes, durable before they are answered;</li>
 * <li>{@link DirectMethods}: method invocation and answers;</li>
 * <li>{@link DeviceTelemetry}: device-to-cloud messages;</li>
 * <li>{@link CloudToDeviceDelivery}: cloud-to-device queues;</li>
 * <li>the admission {@link HubGate} (throttles, fault injection), consulted by the transports.</li>
 * </ul>
 * Thread-safe; each device's state is guarded by its entry's monitor.
 */
public final class Hub implements AutoCloseable {
    private final String hostName;
    private final List<AccessPolicy> policies;
    private final Clock clock;
    private final DeviceRegistry registry;
    private final DeviceAuthenticator authenticator;
    private final VerifiedCas verifiedCas = new VerifiedCas();
    private final DeviceConnections connections;
    private final TwinJournal twinJournal = new TwinJournal();
    private final Twins twins;
    private final DirectMethods methods;
    private final DeviceTelemetry telemetry;
    private final CloudToDeviceDelivery cloudToDevice;
    private final dev.fleetops.localhub.files.FileUploads fileUploads;
    /** Throttles and injected faults (see {@link #gate(HubGate)}); admits everything by default. */
    private volatile HubGate gate = HubGate.OPEN;

    public Hub(String hostName, List<AccessPolicy> policies, Clock clock, RegistryStore store, int telemetryCapacity) {
        this.hostName = hostName;
        this.policies = List.copyOf(policies);
        this.clock = clock;
        this.registry = new DeviceRegistry(clock, store);
        this.authenticator = new DeviceAuthenticator(registry, clock, verifiedCas);
        this.connections = new DeviceConnections(registry, clock);
        this.twins = new Twins(registry, clock, twinJournal);
        this.methods = new DirectMethods(registry, connections, this::gate);
        this.telemetry = new DeviceTelemetry(telemetryCapacity, clock, connections);
        this.cloudToDevice = new CloudToDeviceDelivery(registry, connections, clock);
        this.fileUploads = new dev.fleetops.localhub.files.FileUploads(clock);
    }

    /** Device file uploads: refused until {@code fileUploads().configure(…)} links a storage account. */
    public dev.fleetops.localhub.files.FileUploads fileUploads() {
        return fileUploads;
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
        return registry.add(deviceId, new DeviceCredential.SymmetricKeys(primaryKey, secondaryKey), enabled);
    }

    /** Registers a device with any credential (null SAS keys are generated). @throws HubException as above */
    public DeviceIdentity addDevice(String deviceId, DeviceCredential credential, boolean enabled) {
        return registry.add(deviceId, credential, enabled);
    }

    /**
     * Registers many devices with generated keys and stores the registry once, so pre-creating a fleet of
     * thousands costs one registry write instead of one per device. Ids already registered are left as they are.
     *
     * @return the identities created, in the order given
     * @throws HubException 400004 for a bad id (nothing is registered then)
     */
    public List<DeviceIdentity> addDevices(Collection<String> deviceIds) {
        return registry.addAll(deviceIds);
    }

    public Optional<DeviceIdentity> device(String deviceId) {
        return registry.find(deviceId);
    }

    /**
     * Updates status and keys; disabling a device closes its connection.
     *
     * @param ifMatch the caller's precondition ({@link IfMatch#checkRegistry}); null for none
     * @throws HubException 404001, or 412001 when {@code ifMatch} is no entity-tag or names another etag
     */
    public DeviceIdentity updateDevice(
            String deviceId,
            boolean enabled,
            String statusReason,
            String primaryKey,
            String secondaryKey,
            IfMatch ifMatch) {
        return updateDevice(
                deviceId, enabled, statusReason, new DeviceCredential.SymmetricKeys(primaryKey, secondaryKey), ifMatch);
    }

    /**
     * As above with any credential: null keeps the current one, SAS keys left null keep the current keys. A new
     * credential applies from the device's next connection, as on IoT Hub.
     */
    public DeviceIdentity updateDevice(
            String deviceId, boolean enabled, String statusReason, DeviceCredential credential, IfMatch ifMatch) {
        return registry.update(deviceId, enabled, statusReason, credential, orAbsent(ifMatch));
    }

    /**
     * Deletes a device, closes its connection and tells the {@link #onDeviceRemoved} listeners.
     *
     * @param ifMatch the caller's precondition ({@link IfMatch#checkRegistry}); null for none
     * @throws HubException 404001 or 412001
     */
    public void removeDevice(String deviceId, IfMatch ifMatch) {
        registry.remove(deviceId, orAbsent(ifMatch));
    }

    /** Called with the id of every removed device, e.g. so a transport forgets its session. */
    public void onDeviceRemoved(Consumer<String> listener) {
        registry.onRemoved(listener);
    }

    /** Every identity, by device id. */
    public List<DeviceIdentity> identities() {
        return registry.identities();
    }

    /** Total, enabled and disabled device counts. */
    public long[] statistics() {
        return registry.statistics();
    }

    // ---- device connections ------------------------------------------------------------------

    /** Checks a device's SAS token (the MQTT password) as IoT Hub does. */
    public DeviceAuth authenticateDevice(String deviceId, String password) {
        return authenticator.authenticate(deviceId, password);
    }

    /**
     * Checks an X.509 device's TLS client certificate chain (leaf first) against its registry entry: thumbprints for
     * {@code selfSigned}, CN and a chain to a {@link #verifiedCas() verified CA} for {@code certificateAuthority}.
     */
    public CertificateVerdict authenticateDevice(String deviceId, List<X509Certificate> chain) {
        return authenticator.authenticate(deviceId, chain);
    }

    /** The CA certificates {@code certificateAuthority} devices may chain to (empty until some are added). */
    public VerifiedCas verifiedCas() {
        return verifiedCas;
    }

    /** Makes {@code link} the device's connection; returns the link it replaced (to be closed by the caller), or null. */
    public DeviceLink attach(String deviceId, DeviceLink link) {
        return connections.attach(deviceId, link);
    }

    /** Forgets {@code link} if it is still the device's connection. */
    public void detach(String deviceId, DeviceLink link) {
        connections.detach(deviceId, link);
    }

    /** Records activity of the device; unknown devices are ignored. */
    public void touch(String deviceId) {
        connections.touch(deviceId);
    }

    public boolean isConnected(String deviceId) {
        return connections.isConnected(deviceId);
    }

    /** Connection state and last activity, for registry and twin documents. @throws HubException 404001 */
    public DeviceView view(String deviceId) {
        return connections.view(deviceId);
    }

    /** Drops a device's connection (whatever its transport) as a network failure would. @return whether it was connected */
    public boolean dropConnection(String deviceId, String reason) {
        return connections.drop(deviceId, reason);
    }

    /** Drops every device connection. @return how many were connected */
    public int dropAllConnections(String reason) {
        return connections.dropAll(reason);
    }

    // ---- twins -------------------------------------------------------------------------------

    /** The full twin as {@code GET /twins/{id}} returns it. @throws HubException 404001 */
    public JsonObject twin(String deviceId) {
        return twins.twin(deviceId);
    }

    /** Every twin (without {@code $metadata}), by device id, for queries. */
    public List<JsonObject> twins() {
        return twins.all();
    }

    /** {@code {"desired":…,"reported":…}} as a device reads it over MQTT. @throws HubException 404001 */
    public JsonObject twinProperties(String deviceId) {
        return twins.properties(deviceId);
    }

    /**
     * Applies a device's reported-properties patch; it is durable when this returns.
     *
     * @param expectedVersion the {@code $version} the device sent, or null for none
     * @return the new reported version
     * @throws HubException 412001 on a version mismatch, 400004 for bad names, 413001 past the size limit
     */
    public long patchReported(String deviceId, JsonObject patch, Long expectedVersion) {
        return twins.patchReported(deviceId, patch, expectedVersion);
    }

    /**
     * Updates tags and desired properties from the service side ({@code replace}: PUT semantics); the change is
     * durable when this returns, and a connected device subscribed to desired properties is sent the patch.
     *
     * @param ifMatch the caller's precondition on the twin etag ({@link IfMatch#checkTwin}); null for none
     * @return the updated full twin
     * @throws HubException 404001, or 412001 when {@code ifMatch} names another etag
     */
    public JsonObject updateTwin(
            String deviceId, JsonObject tags, JsonObject desired, IfMatch ifMatch, boolean replace) {
        return twins.update(deviceId, tags, desired, orAbsent(ifMatch), replace);
    }

    /**
     * Keeps twins in {@code store} from now on, after restoring the twins it holds for registered devices (records
     * of deleted or re-created devices are skipped by generation id). Call once, before serving.
     */
    public void useTwinStore(TwinStore store) {
        twinJournal.use(store, registry);
    }

    // ---- direct methods ----------------------------------------------------------------------

    /**
     * Invokes a direct method. The future fails with a {@link HubException}: 404001 unknown device,
     * 404103 not connected/subscribed within {@code connectTimeout}, 504101 no answer within {@code responseTimeout}.
     */
    public CompletableFuture<MethodResult> invokeMethod(
            String deviceId, String methodName, byte[] payload, Duration responseTimeout, Duration connectTimeout) {
        return methods.invoke(deviceId, methodName, payload, responseTimeout, connectTimeout);
    }

    /** A device answered request {@code requestId} (unless the gate drops the answer). */
    public void methodResponse(String deviceId, String requestId, int status, byte[] payload) {
        methods.respond(deviceId, requestId, status, payload);
    }

    // ---- telemetry ---------------------------------------------------------------------------

    public void acceptTelemetry(String deviceId, Map<String, String> properties, byte[] body) {
        telemetry.accept(deviceId, properties, body);
    }

    /** The buffered device-to-cloud messages, oldest first. */
    public List<TelemetryMessage> telemetry() {
        return telemetry.messages();
    }

    // ---- cloud-to-device messages -------------------------------------------------------------

    /**
     * Queues a cloud-to-device message and hands it to the device's connection if it has one; it stays queued
     * until the device acknowledges it.
     *
     * @param messageId null for a generated one
     * @throws HubException 404001 unknown device, 403004 queue full, 400004 bad properties, 413001 body over 64 KB
     */
    public CloudToDeviceMessage sendCloudToDevice(
            String deviceId, byte[] body, Map<String, String> properties, String messageId) {
        return cloudToDevice.send(deviceId, body, properties, messageId);
    }

    /** Cloud-to-device messages waiting for the device (sent or not, but unacknowledged), oldest first. */
    public List<CloudToDeviceMessage> pendingCloudToDevice(String deviceId) {
        return cloudToDevice.pending(deviceId);
    }

    /** The device acknowledged a cloud-to-device message; it leaves the queue. */
    public void completeCloudToDevice(String deviceId, String lockToken) {
        cloudToDevice.complete(deviceId, lockToken);
    }

    // ---- admission ---------------------------------------------------------------------------

    /** Installs the admission gate (throttles, faults) the transports consult. */
    public void gate(HubGate gate) {
        this.gate = gate == null ? HubGate.OPEN : gate;
    }

    public HubGate gate() {
        return gate;
    }

    @Override
    public void close() {
        methods.close();
    }

    private static IfMatch orAbsent(IfMatch ifMatch) {
        return ifMatch == null ? IfMatch.ABSENT : ifMatch;
    }
}
