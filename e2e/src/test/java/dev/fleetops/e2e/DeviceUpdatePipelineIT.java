package dev.fleetops.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.fleetops.device.DeviceRuntime;
import dev.fleetops.device.transport.TlsContexts;
import dev.fleetops.localhub.LocalHub;
import dev.fleetops.localhub.hub.MethodResult;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
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
    static HttpsServer packages;
    static final List<String> ranges = new CopyOnWriteArrayList<>();
    static final byte[] IMAGE = new byte[200 * 1024];

    @BeforeAll
    static void start() throws Exception {
        new Random(7).nextBytes(IMAGE);
        hub = LocalHub.builder().stateDir(dir.resolve("hub")).httpsPort(0).devices(4).start();
        deviceTrust = TlsContexts.trustingDefaultsPlus(hub.caFile());
        packages = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        packages.setHttpsConfigurator(new HttpsConfigurator(hub.tls().serverSslContext()));
        packages.setExecutor(Executors.newFixedThreadPool(4));
        packages.createContext("/", exchange -> {
            String range = exchange.getRequestHeaders().getFirst("Range");
            int from = 0;
            if (range != null) {
                ranges.add(range);
                from = Integer.parseInt(range.substring("bytes=".length(), range.length() - 1));
                exchange.getResponseHeaders().add("Content-Range", "bytes " + from + "-" + (IMAGE.length - 1) + "/" + IMAGE.length);
            }
            boolean slow = exchange.getRequestURI().getPath().contains("slow");
            exchange.sendResponseHeaders(range != null ? 206 : 200, IMAGE.length - from);
            try (OutputStream out = exchange.getResponseBody()) {
                for (int off = from; off < IMAGE.length; off += 1024) {
                    out.write(IMAGE, off, Math.min(1024, IMAGE.length - off));
                    out.flush();
                    if (slow) {
                        Thread.sleep(20);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (java.io.IOException ignored) {
                // the device went away mid-download
            }
        });
        packages.start();
    }

    @AfterAll
    static void stop() {
        if (packages != null) {
            packages.stop(0);
        }
        if (hub != null) {
            hub.close();
        }
    }

    private static DeviceRuntime device(String id) throws Exception {
        return DeviceRuntime.start(new DeviceRuntime.Settings(hub.deviceConnectionString(id), dir.resolve(id), deviceTrust,
                Duration.ofSeconds(1), "1.0.0"), w -> { });
    }

    private static String url(String path) {
        return "https://127.0.0.1:" + packages.getAddress().getPort() + path;
    }

    private static JsonObject reported(String id) {
        return hub.hub().twinProperties(id).getAsJsonObject("reported");
    }

    private static JsonObject awaitReported(String id, Predicate<JsonObject> done) throws InterruptedException {
        long end = System.nanoTime() + WAIT.toNanos();
        JsonObject r = null;
        while (System.nanoTime() < end) {
            r = reported(id);
            try {
                if (done.test(r)) {
                    return r;
                }
            } catch (RuntimeException notYet) {
                // a section not there yet
            }
            Thread.sleep(200);
        }
        throw new AssertionError("timed out; reported " + r);
    }

    private static String fwStatus(JsonObject r) {
        return r.getAsJsonObject("iothubDM").getAsJsonObject("firmwareUpdate").get("status").getAsString();
    }

    @Test
    void desiredFirmwareGoalIsInstalledAndAcknowledgedInPlugAndPlayStyle() throws Exception {
        String id = LocalHub.deviceId("device-", 1);
        try (DeviceRuntime d = device(id)) {
            awaitReported(id, r -> r.has("iothubDM"));
            JsonObject goal = JsonParser.parseString("{\"firmware\":{\"version\":\"2.0.0\",\"packageUri\":\""
                    + url("/fw/2.bin") + "?sig=SECRET\",\"sha256\":\"" + PackageServer.sha256(IMAGE) + "\",\"sizeBytes\":"
                    + IMAGE.length + ",\"operationId\":\"goal-1\"}}").getAsJsonObject();
            hub.hub().updateTwin(id, null, goal, null, false);

            JsonObject r = awaitReported(id, x -> x.getAsJsonObject("firmware").get("ac").getAsInt() == 200);
            assertEquals("2.0.0", r.getAsJsonObject("iothubDM").get("firmwareVersion").getAsString());
            assertEquals("applyComplete", fwStatus(r));
            assertEquals(100, r.getAsJsonObject("iothubDM").getAsJsonObject("firmwareUpdateProgress").get("percent").getAsInt());
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
                    + "\",\"sha256\":\"" + PackageServer.sha256(IMAGE) + "\",\"sizeBytes\":" + IMAGE.length + "}")
                    .getBytes(StandardCharsets.UTF_8);
            MethodResult accepted = hub.hub().invokeMethod(id, "firmwareUpdate", body, Duration.ofSeconds(20),
                    Duration.ofSeconds(20)).get(30, TimeUnit.SECONDS);
            assertEquals(202, accepted.status());
            awaitReported(id, r -> r.getAsJsonObject("iothubDM").getAsJsonObject("firmwareUpdateProgress")
                    .get("bytesDownloaded").getAsLong() > 0);
        } finally {
            first.close();
        }
        try (DeviceRuntime second = device(id)) {
            JsonObject r = awaitReported(id, x -> fwStatus(x).equals("applyComplete"));
            assertEquals("3.0.0", r.getAsJsonObject("iothubDM").get("firmwareVersion").getAsString());
            assertFalse(ranges.isEmpty(), "the restart resumed with a Range request");
        }
    }

    @Test
    void rollbackMethodReturnsToThePreviousVersion() throws Exception {
        String id = LocalHub.deviceId("device-", 3);
        try (DeviceRuntime d = device(id)) {
            awaitReported(id, r -> r.has("iothubDM"));
            byte[] update = ("{\"operationId\":\"ab-1\",\"version\":\"4.0.0\",\"packageUri\":\"" + url("/fw/4.bin")
                    + "\",\"sha256\":\"" + PackageServer.sha256(IMAGE) + "\"}").getBytes(StandardCharsets.UTF_8);
            assertEquals(202, hub.hub().invokeMethod(id, "firmwareUpdate", update, Duration.ofSeconds(20),
                    Duration.ofSeconds(20)).get(30, TimeUnit.SECONDS).status());
            awaitReported(id, r -> fwStatus(r).equals("applyComplete"));

            MethodResult rb = hub.hub().invokeMethod(id, "rollback", "{\"operationId\":\"rb-1\"}".getBytes(StandardCharsets.UTF_8),
                    Duration.ofSeconds(20), Duration.ofSeconds(20)).get(30, TimeUnit.SECONDS);
            assertEquals(202, rb.status(), new String(rb.payload(), StandardCharsets.UTF_8));
            JsonObject r = awaitReported(id, x -> fwStatus(x).equals("rolledBack")
                    && x.getAsJsonObject("iothubDM").get("firmwareVersion").getAsString().equals("1.0.0"));
            assertEquals("rollbackRequested", r.getAsJsonObject("iothubDM").getAsJsonObject("firmwareUpdate")
                    .getAsJsonObject("error").get("code").getAsString());
        }
    }

    /** Live threads working for {@code deviceId}: the SDK and Paho name theirs after the device. */
    private static long threadsOf(String deviceId) {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.isAlive() && t.getName().contains(deviceId)).count();
    }

    private static void awaitConnected(DeviceRuntime d, boolean connected) throws InterruptedException {
        long end = System.nanoTime() + WAIT.toNanos();
        while (d.agent().isConnected() != connected || hub.hub().isConnected(d.deviceId()) != connected) {
            if (System.nanoTime() > end) {
                throw new AssertionError(d.deviceId() + " connected != " + connected);
            }
            Thread.sleep(50);
        }
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
            Thread.sleep(500);
            afterFirstConnect = threadsOf(id);
            jvmAfterFirstConnect = Thread.activeCount();
            assertTrue(afterFirstConnect > 0, "the SDK names its threads after the device");
            for (int i = 0; i < cycles; i++) {
                // A drop the SDK repairs by itself, then an outage the agent repairs with a new session.
                assertTrue(hub.disconnectDevice(id));
                Thread.sleep(300);
                awaitConnected(d, true);
                d.agent().goOffline(Duration.ofMillis(200));
                awaitConnected(d, true);
            }
            Thread.sleep(1_000);
            assertTrue(threadsOf(id) <= afterFirstConnect, "device threads after " + cycles + " reconnect cycles: "
                    + threadsOf(id) + ", after the first connect: " + afterFirstConnect);
            // The in-process hub may start more of its Netty event-loop threads (2 per core) for the new
            // connections; a leak per cycle would add far more than that.
            assertTrue(Thread.activeCount() <= jvmAfterFirstConnect + 8, "JVM threads " + Thread.activeCount()
                    + " vs " + jvmAfterFirstConnect + " after the first connect");
        }
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (threadsOf(id) > 0 && System.nanoTime() < end) {
            Thread.sleep(100);
        }
        assertEquals(0, threadsOf(id), "a closed device leaves no threads behind");
    }
}
