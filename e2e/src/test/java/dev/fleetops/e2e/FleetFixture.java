package dev.fleetops.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.azure.data.tables.TableServiceClientBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.fleetops.core.hub.MethodCallResult;
import dev.fleetops.core.hub.MethodInvoker;
import dev.fleetops.core.rollout.service.RolloutStore;
import dev.fleetops.core.rollout.service.RolloutTicker;
import dev.fleetops.device.sim.Behaviour;
import dev.fleetops.device.sim.FleetSimulator;
import dev.fleetops.device.sim.HubConfig;
import dev.fleetops.device.sim.SimulateOptions;
import dev.fleetops.functions.http.RolloutCommandFunctions;
import dev.fleetops.functions.http.RolloutDevicesFunctions;
import dev.fleetops.functions.http.RolloutFunctions;
import dev.fleetops.functions.iothub.IotHubAccess;
import dev.fleetops.functions.iothub.IotHubClients;
import dev.fleetops.functions.iothub.IotHubDesiredWriter;
import dev.fleetops.functions.iothub.IotHubMethodInvoker;
import dev.fleetops.functions.iothub.IotHubTwinQueries;
import dev.fleetops.functions.iothub.MethodTimeouts;
import dev.fleetops.functions.iothub.ServiceConnectionString;
import dev.fleetops.functions.iothub.ServiceSasCredential;
import dev.fleetops.functions.storage.TableRolloutStore;
import dev.fleetops.functions.support.Azurite;
import dev.fleetops.functions.support.TestContext;
import dev.fleetops.functions.wiring.FleetOpsInjector;
import dev.fleetops.localhub.LocalHub;
import dev.fleetops.standins.packages.PackageServer;
import dev.fleetops.testkit.Waits;
import dev.fleetops.testkit.http.TestHttpRequest;
import dev.fleetops.testkit.http.TestHttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Predicate;
import javax.net.ssl.HttpsURLConnection;

/**
 * A simulated fleet on the local hub with the fleet-operation back-end in front of it, for end-to-end
 * tests: the device app's {@link FleetSimulator} (real agents, profile hooks), the operations API entry
 * points, and a {@link RolloutTicker} on the real service-SDK adapters and the Table store in Azurite.
 * Every direct method goes through a counting decorator, so tests can assert how often each device was
 * called. Ticks are driven by the test, one operation at a time (the timer's {@code tickAll} would also
 * tick whatever other runs left active in Azurite).
 */
final class FleetFixture implements AutoCloseable {
    final LocalHub hub;
    final PackageServer packages;
    final FleetSimulator simulator;
    /** Simulated devices by behaviour, in device-id order. */
    final Map<Behaviour, List<String>> byBehaviour = new EnumMap<>(Behaviour.class);

    final RolloutFunctions operations;
    final RolloutDevicesFunctions deviceResults;
    final RolloutCommandFunctions commands;
    final RolloutStore store;
    final CountingMethods methods;
    final RolloutTicker ticker;
    private final ExecutorService pool = Executors.newFixedThreadPool(16);
    private final IotHubAccess access;

    /**
     * @param count   simulated devices ({@code sim-001} …)
     * @param profile shares of misbehaving devices (see the simulator's {@code --profile})
     */
    FleetFixture(Path dir, int count, String profile, long seed) throws Exception {
        hub = LocalHub.builder()
                .stateDir(dir.resolve("hub"))
                .httpsPort(0)
                .devices(count)
                .devicePrefix("sim-")
                .durableTwins(false)
                .start();
        HttpsURLConnection.setDefaultSSLSocketFactory(hub.tls().clientContext().getSocketFactory());
        packages = PackageServer.start(hub.tls().serverSslContext());
        HubConfig config = HubConfig.read(hub.configFile());
        // Through the command line, as an operator would start it: one-second reboots, a fast start ramp.
        SimulateOptions options = SimulateOptions.parse(new String[] {
            "--count",
            Integer.toString(count),
            "--hub-config",
            hub.configFile().toString(),
            "--state-dir",
            dir.resolve("devices").toString(),
            "--profile",
            profile,
            "--seed",
            Long.toString(seed),
            "--reboot-delay-seconds",
            "1",
            "--start-per-second",
            "100",
            // The fleet suites exercise rollouts, not signatures (SignedFirmwareIT does): unsigned on purpose.
            "--allow-unsigned"
        });
        for (int i = 0; i < count; i++) {
            byBehaviour
                    .computeIfAbsent(options.profile().assign(seed, i), b -> new ArrayList<>())
                    .add(config.devices().get(i).deviceId());
        }
        simulator = FleetSimulator.start(options, config, line -> {});
        ServiceConnectionString cs = ServiceConnectionString.parse(hub.serviceConnectionString("service"));
        access = new IotHubAccess.SasEndpoint(
                hub.serviceEndpoint(),
                new ServiceSasCredential(cs.hostName(), cs.policyName(), cs.key(), Clock.systemUTC()));
        MethodTimeouts timeouts = new MethodTimeouts(10, 0);
        methods = new CountingMethods(
                new IotHubMethodInvoker(IotHubClients.methods(access, timeouts), timeouts, access::beforeCall));
        store = new TableRolloutStore(new TableServiceClientBuilder()
                .connectionString(Azurite.connectionString())
                .buildClient());
        ticker = ticker(store, methods);
        FleetOpsInjector injector = Backend.on(hub, Map.of());
        operations = injector.getInstance(RolloutFunctions.class);
        deviceResults = injector.getInstance(RolloutDevicesFunctions.class);
        commands = injector.getInstance(RolloutCommandFunctions.class);
        awaitConnected(config.devices().stream().map(HubConfig.Device::deviceId).toList(), Duration.ofSeconds(90));
    }

    /** A ticker on this fixture's hub with another store or method decorator (crash tests). */
    RolloutTicker ticker(RolloutStore s, MethodInvoker m) {
        return ticker(s, m, pool);
    }

    /** A ticker that makes at most as many calls at once as {@code calls} has threads. */
    RolloutTicker ticker(RolloutStore s, MethodInvoker m, ExecutorService calls) {
        return new RolloutTicker(
                s,
                new IotHubTwinQueries(IotHubClients.queries(access), access::beforeCall),
                m,
                new IotHubDesiredWriter(IotHubClients.twins(access), access::beforeCall),
                Clock.systemUTC(),
                calls);
    }

    void awaitConnected(List<String> ids, Duration timeout) {
        Waits.until(
                Waits.upTo(timeout).pollInterval(Duration.ofMillis(50)),
                () -> ids.stream()
                        .filter(id -> !hub.hub().isConnected(id))
                        .limit(10)
                        .toList(),
                List::isEmpty,
                offline -> "devices did not connect: " + offline);
    }

    /** {@code n} devices of {@code behaviour} not handed out before (tests must not share devices). */
    synchronized List<String> take(Behaviour behaviour, int n) {
        List<String> all = byBehaviour.getOrDefault(behaviour, List.of());
        if (all.size() < n) {
            fail("only " + all.size() + " " + behaviour + " devices left, " + n + " wanted");
        }
        List<String> out = new ArrayList<>(all.subList(0, n));
        all.subList(0, n).clear();
        return out;
    }

    String create(String body, String key) {
        TestHttpResponse r = createResponse(body, key);
        assertEquals(202, r.code(), String.valueOf(r.getBody()));
        return r.json().get("id").getAsString();
    }

    TestHttpResponse createResponse(String body, String key) {
        var req = TestHttpRequest.post("/api/operations", body);
        if (key != null) {
            req = req.withHeader("Idempotency-Key", key);
        }
        return TestHttpResponse.of(operations.create(req, new TestContext("CreateOperation")));
    }

    JsonObject get(String id) {
        TestHttpResponse r = TestHttpResponse.of(
                operations.get(TestHttpRequest.get("/api/operations/" + id), id, new TestContext("Get")));
        assertEquals(200, r.code(), String.valueOf(r.getBody()));
        return r.json();
    }

    int count(String id, String state) {
        JsonElement n = get(id).getAsJsonObject("counts").get(state);
        return n == null ? 0 : n.getAsInt();
    }

    /** Every device result of an operation, by device id. */
    Map<String, JsonObject> devices(String id) {
        Map<String, JsonObject> out = new ConcurrentHashMap<>();
        String token = null;
        do {
            var req = TestHttpRequest.get("/x").withQuery("pageSize", "500");
            if (token != null) {
                req = req.withQuery("continuationToken", token);
            }
            TestHttpResponse r =
                    TestHttpResponse.of(deviceResults.devices(req, id, new TestContext("OperationDevices")));
            assertEquals(200, r.code(), String.valueOf(r.getBody()));
            JsonArray page = r.json().getAsJsonArray("devices");
            page.forEach(d -> out.put(d.getAsJsonObject().get("deviceId").getAsString(), d.getAsJsonObject()));
            JsonElement next = r.json().get("continuationToken");
            token = next == null || next.isJsonNull() ? null : next.getAsString();
        } while (token != null);
        return out;
    }

    TestHttpResponse command(String id, String command) {
        var req = TestHttpRequest.post("/api/operations/" + id + "/" + command, null);
        TestContext ctx = new TestContext(command);
        return TestHttpResponse.of(
                switch (command) {
                    case "pause" -> commands.pauseOperation(req, id, ctx);
                    case "resume" -> commands.resumeOperation(req, id, ctx);
                    case "cancel" -> commands.cancelOperation(req, id, ctx);
                    default -> throw new IllegalArgumentException(command);
                });
    }

    TestHttpResponse cancelDevice(String id, String deviceId) {
        return TestHttpResponse.of(
                commands.cancelDevice(TestHttpRequest.post("/x", null), id, deviceId, new TestContext("CancelDevice")));
    }

    /** Ticks {@code id} every 300 ms, as a fast timer would, until its state matches. */
    JsonObject tickUntil(String id, Predicate<String> done, Duration timeout) {
        return Waits.until(
                Waits.upTo(timeout).pollInterval(Duration.ofMillis(300)),
                () -> {
                    ticker.tick(id);
                    return get(id);
                },
                last -> done.test(last.get("state").getAsString()),
                last -> "operation " + id + " did not settle: " + last);
    }

    /** A device's reported {@code iothubDM} section as the hub holds it. */
    JsonObject reported(String deviceId, String section) {
        JsonObject dm = hub.hub()
                .twin(deviceId)
                .getAsJsonObject("properties")
                .getAsJsonObject("reported")
                .getAsJsonObject("iothubDM");
        return dm == null || !(dm.get(section) instanceof JsonObject s) ? new JsonObject() : s;
    }

    String firmwareVersion(String deviceId) {
        JsonObject dm = hub.hub()
                .twin(deviceId)
                .getAsJsonObject("properties")
                .getAsJsonObject("reported")
                .getAsJsonObject("iothubDM");
        return dm == null || dm.get("firmwareVersion") == null
                ? null
                : dm.get("firmwareVersion").getAsString();
    }

    /** The device ids as a JSON array. */
    static String ids(List<String> devices) {
        return devices.stream().map(d -> "\"" + d + "\"").collect(java.util.stream.Collectors.joining(",", "[", "]"));
    }

    /** A reboot of {@code devices}; {@code extra} holds more members, each followed by a comma. */
    static String reboot(List<String> devices, String extra) {
        return "{\"action\":\"reboot\",\"target\":{\"deviceIds\":" + ids(devices) + "}," + extra
                + "\"deviceTimeoutMinutes\":2}";
    }

    /** A firmware update of {@code devices} to {@code version}, its package published on this fixture's server. */
    String firmware(String version, List<String> devices, String extra) {
        byte[] image = new byte[16 * 1024];
        new java.util.Random(version.hashCode()).nextBytes(image);
        String url = packages.publish("/fw/" + version + ".bin", image);
        return "{\"action\":\"firmwareUpdate\",\"firmware\":{\"version\":\"" + version + "\",\"packageUri\":\"" + url
                + "\",\"sha256\":\"" + dev.fleetops.testkit.Packages.sha256(image) + "\"},\"target\":{\"deviceIds\":"
                + ids(devices) + "}," + extra + "\"deviceTimeoutMinutes\":2}";
    }

    /** A device's desired properties as the hub holds them. */
    JsonObject desired(String deviceId) {
        return hub.hub().twin(deviceId).getAsJsonObject("properties").getAsJsonObject("desired");
    }

    @Override
    public void close() {
        pool.shutdownNow();
        simulator.close();
        packages.close();
        hub.close();
    }

    /** Counts direct-method calls per device and method; can be told to fail after the hub call returned. */
    static final class CountingMethods implements MethodInvoker {
        private final MethodInvoker inner;
        private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
        /** Given the device id, whether to throw after the call went through (a worker dying mid-tick). */
        volatile Function<String, Boolean> throwAfterCall = id -> false;

        CountingMethods(MethodInvoker inner) {
            this.inner = inner;
        }

        @Override
        public MethodCallResult invoke(String deviceId, String methodName, JsonElement payload) {
            MethodCallResult r = inner.invoke(deviceId, methodName, payload);
            calls.computeIfAbsent(deviceId + " " + methodName, k -> new AtomicInteger())
                    .incrementAndGet();
            if (throwAfterCall.apply(deviceId)) {
                throw new IllegalStateException("worker died after calling " + deviceId);
            }
            return r;
        }

        int calls(String deviceId, String methodName) {
            AtomicInteger n = calls.get(deviceId + " " + methodName);
            return n == null ? 0 : n.get();
        }
    }
}
