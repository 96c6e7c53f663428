package dev.fleetops.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.fleetops.device.runtime.DeviceRuntime;
import dev.fleetops.device.transport.TlsContexts;
import dev.fleetops.localhub.LocalHub;
import dev.fleetops.localhub.hub.DeviceView;
import dev.fleetops.localhub.hub.MethodResult;
import dev.fleetops.standins.packages.PackageServer;
import dev.fleetops.testkit.Packages;
import dev.fleetops.testkit.Waits;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The device app's update pipeline against the local hub over MQTT/TLS: desired-state goals with
 * Plug and Play acknowledgements, a download resumed with HTTP Range after the device was stopped
 * mid-download, A/B slots and the manual rollback method, and no thread leak across reconnects. Needs no
 * storage account.
 */
class DeviceUpdatePipelineIT {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    static Path dir;

    static LocalHub hub;
    static SSLContext deviceTrust;
    static PackageServer packages;
    static final byte[] IMAGE = new byte[200 * 1024];

    @BeforeAll
    static void start() throws Exception {
        new Random(7).nextBytes(IMAGE);
        hub = LocalHub.builder()
                .stateDir(dir.resolve("hub"))
                .httpsPort(0)
                .devices(4)
                .start();
        deviceTrust = TlsContexts.trustingDefaultsPlus(hub.caFile());
        packages = PackageServer.start(hub.tls().serverSslContext());
        for (String path : List.of("/fw/2.bin", "/fw/slow.bin", "/fw/4.bin")) {
            packages.publish(path, IMAGE);
        }
        packages.slow("/fw/slow.bin", 20);
    }

    @AfterAll
    static void stop() {
        if (packages != null) {
            packages.close();
        }
        if (hub != null) {
            hub.close();
        }
    }

    private static DeviceRuntime device(String id) throws Exception {
        return DeviceRuntime.start(
                new DeviceRuntime.Settings(
                        hub.deviceConnectionString(id), dir.resolve(id), deviceTrust, Duration.ofSeconds(1), "1.0.0"),
                w -> {});
    }

    private static String url(String path) {
        return packages.url(path);
    }

    private static JsonObject reported(String id) {
        return hub.hub().twinProperties(id).getAsJsonObject("reported");
    }

    private static JsonObject awaitReported(String id, Predicate<JsonObject> done) {
        return Waits.until(
                Waits.upTo(WAIT).pollInterval(Duration.ofMillis(50)),
                () -> reported(id),
                r -> {
                    try {
                        return done.test(r);
                    } catch (RuntimeException notYet) {
                        return false; // a section not there yet
                    }
                },
                r -> "timed out; reported " + r);
    }

    private static String fwStatus(JsonObject r) {
        return r.getAsJsonObject("iothubDM")
                .getAsJsonObject("firmwareUpdate")
                .get("status")
                .getAsString();
    }

    @Test
    void desiredFirmwareGoalIsInstalledAndAcknowledgedInPlugAndPlayStyle() throws Exception {
        String id = LocalHub.deviceId("device-", 1);
        try (DeviceRuntime d = device(id)) {
            awaitReported(id, r -> r.has("iothubDM"));
            JsonObject goal = JsonParser.parseString("{\"firmware\":{\"version\":\"2.0.0\",\"packageUri\":\""
                            + url("/fw/2.bin") + "?sig=SECRET\",\"sha256\":\"" + Packages.sha256(IMAGE)
                            + "\",\"sizeBytes\":"
                            + IMAGE.length + ",\"operationId\":\"goal-1\"}}")
                    .getAsJsonObject();
            hub.hub().updateTwin(id, null, goal, null, false);

            JsonObject r = awaitReported(
                    id, x -> x.getAsJsonObject("firmware").get("ac").getAsInt() == 200);
            assertEquals(
                    "2.0.0",
                    r.getAsJsonObject("iothubDM").get("firmwareVersion").getAsString());
            assertEquals("applyComplete", fwStatus(r));
            assertEquals(
                    100,
                    r.getAsJsonObject("iothubDM")
                            .getAsJsonObject("firmwareUpdateProgress")
                            .get("percent")
                            .getAsInt());
            assertTrue(r.getAsJsonObject("firmware").get("av").getAsLong() >= 2, r.toString());
            assertFalse(r.toString().contains("SECRET"), "no signature in the twin");
        }
    }

    @Test
    void downloadStoppedByShutdownResumesWithRangeAfterRestart() throws Exception {
        String id = LocalHub.deviceId("device-", 2);
        DeviceRuntime first = device(id);
        try {
            awaitReported(id, r -> r.has("iothubDM"));
            byte[] body = ("{\"operationId\":\"resume-1\",\"version\":\"3.0.0\",\"packageUri\":\"" + url("/fw/slow.bin")
                            + "\",\"sha256\":\"" + Packages.sha256(IMAGE) + "\",\"sizeBytes\":" + IMAGE.length + "}")
                    .getBytes(StandardCharsets.UTF_8);
            MethodResult accepted = hub.hub()
                    .invokeMethod(id, "firmwareUpdate", body, Duration.ofSeconds(20), Duration.ofSeconds(20))
                    .get(30, TimeUnit.SECONDS);
            assertEquals(202, accepted.status());
            awaitReported(
                    id,
                    r -> r.getAsJsonObject("iothubDM")
                                    .getAsJsonObject("firmwareUpdateProgress")
                                    .get("bytesDownloaded")
                                    .getAsLong()
                            > 0);
        } finally {
            first.close();
        }
        try (DeviceRuntime second = device(id)) {
            JsonObject r = awaitReported(id, x -> fwStatus(x).equals("applyComplete"));
            assertEquals(
                    "3.0.0",
                    r.getAsJsonObject("iothubDM").get("firmwareVersion").getAsString());
            assertFalse(packages.rangeHeaders().isEmpty(), "the restart resumed with a Range request");
        }
    }

    @Test
    void rollbackMethodReturnsToThePreviousVersion() throws Exception {
        String id = LocalHub.deviceId("device-", 3);
        try (DeviceRuntime d = device(id)) {
            awaitReported(id, r -> r.has("iothubDM"));
            byte[] update = ("{\"operationId\":\"ab-1\",\"version\":\"4.0.0\",\"packageUri\":\"" + url("/fw/4.bin")
                            + "\",\"sha256\":\"" + Packages.sha256(IMAGE) + "\"}")
                    .getBytes(StandardCharsets.UTF_8);
            assertEquals(
                    202,
                    hub.hub()
                            .invokeMethod(id, "firmwareUpdate", update, Duration.ofSeconds(20), Duration.ofSeconds(20))
                            .get(30, TimeUnit.SECONDS)
                            .status());
            awaitReported(id, r -> fwStatus(r).equals("applyComplete"));

            MethodResult rb = hub.hub()
                    .invokeMethod(
                            id,
                            "rollback",
                            "{\"operationId\":\"rb-1\"}".getBytes(StandardCharsets.UTF_8),
                            Duration.ofSeconds(20),
                            Duration.ofSeconds(20))
                    .get(30, TimeUnit.SECONDS);
            assertEquals(202, rb.status(), new String(rb.payload(), StandardCharsets.UTF_8));
            JsonObject r = awaitReported(
                    id,
                    x -> fwStatus(x).equals("rolledBack")
                            && x.getAsJsonObject("iothubDM")
                                    .get("firmwareVersion")
                                    .getAsString()
                                    .equals("1.0.0"));
            assertEquals(
                    "rollbackRequested",
                    r.getAsJsonObject("iothubDM")
                            .getAsJsonObject("firmwareUpdate")
                            .getAsJsonObject("error")
                            .get("code")
                            .getAsString());
        }
    }

    /** Live threads working for {@code deviceId}: the SDK and Paho name theirs after the device. */
    private static long threadsOf(String deviceId) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().contains(deviceId))
                .count();
    }

    private static void awaitConnected(DeviceRuntime d, boolean connected) {
        Waits.upTo(WAIT, d.deviceId() + " connected == " + connected)
                .until(() -> d.agent().isConnected() == connected && hub.hub().isConnected(d.deviceId()) == connected);
    }

    /** Waits until the hub has seen the device connect again since {@code since} (its connection state's time). */
    private static void awaitReconnected(DeviceRuntime d, Instant since) {
        Waits.upTo(WAIT, d.deviceId() + " reconnected").until(() -> {
            DeviceView v = hub.hub().view(d.deviceId());
            return v.connected()
                    && v.connectionStateUpdated().isAfter(since)
                    && d.agent().isConnected();
        });
    }

    @Test
    void reconnectsLeakNoThreads() throws Exception {
        String id = LocalHub.deviceId("device-", 4);
        int cycles = 5;
        long afterFirstConnect;
        int jvmAfterFirstConnect;
        try (DeviceRuntime d = device(id)) {
            awaitReported(id, r -> r.has("iothubDM"));
            awaitConnected(d, true);
            afterFirstConnect = threadsOf(id);
            jvmAfterFirstConnect = Thread.activeCount();
            assertTrue(afterFirstConnect > 0, "the SDK names its threads after the device");
            for (int i = 0; i < cycles; i++) {
                // A drop the SDK repairs by itself, then an outage the agent repairs with a new session.
                Instant before = hub.hub().view(id).connectionStateUpdated();
                assertTrue(hub.disconnectDevice(id));
                awaitReconnected(d, before);
                d.agent().goOffline(Duration.ofMillis(200));
                awaitConnected(d, true);
            }
            long baseline = afterFirstConnect;
            Waits.holdsWithin(Duration.ofSeconds(10), () -> threadsOf(id) <= baseline); // the old session's threads end
            assertTrue(
                    threadsOf(id) <= afterFirstConnect,
                    "device threads after " + cycles + " reconnect cycles: " + threadsOf(id)
                            + ", after the first connect: " + afterFirstConnect);
            // The in-process hub may start more of its Netty event-loop threads (2 per core) for the new
            // connections; a leak per cycle would add far more than that.
            assertTrue(
                    Thread.activeCount() <= jvmAfterFirstConnect + 8,
                    "JVM threads " + Thread.activeCount() + " vs " + jvmAfterFirstConnect + " after the first connect");
        }
        Waits.holdsWithin(Duration.ofSeconds(10), () -> threadsOf(id) == 0);
        assertEquals(0, threadsOf(id), "a closed device leaves no threads behind");
    }
}
