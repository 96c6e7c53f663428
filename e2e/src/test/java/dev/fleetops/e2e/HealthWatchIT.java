package dev.fleetops.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.fleetops.contract.ReportedPaths;
import dev.fleetops.device.action.HealthWatch;
import dev.fleetops.device.action.PostUpdateWatch;
import dev.fleetops.device.action.UpdateSettings;
import dev.fleetops.device.runtime.DeviceRuntime;
import dev.fleetops.device.sim.Behaviour;
import dev.fleetops.device.sim.SimProfiles;
import dev.fleetops.device.transport.TlsContexts;
import dev.fleetops.localhub.LocalHub;
import dev.fleetops.localhub.hub.MethodResult;
import dev.fleetops.localhub.query.Query;
import dev.fleetops.standins.packages.PackageServer;
import dev.fleetops.testkit.Packages;
import dev.fleetops.testkit.Waits;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The device's post-update health watch against the local hub over MQTT/TLS, as a rollout's soak sees it in the
 * twin: a "regress" device reports {@code applyComplete}, then {@code rolledBack} with the same operation id, the
 * previous version and {@code healthCheckFailed}, and {@code health.status = failed}; a normal device stays on the new
 * version with {@code health.status = ok}; a twin query on {@link ReportedPaths#HEALTH_STATUS} tells them apart.
 */
class HealthWatchIT {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    static Path dir;

    static LocalHub hub;
    static SSLContext deviceTrust;
    static PackageServer packages;
    static final byte[] IMAGE = new byte[64 * 1024];

    @BeforeAll
    static void start() throws Exception {
        new Random(11).nextBytes(IMAGE);
        hub = LocalHub.builder()
                .stateDir(dir.resolve("hub"))
                .httpsPort(0)
                .devices(2)
                .start();
        deviceTrust = TlsContexts.trustingDefaultsPlus(hub.caFile());
        packages = PackageServer.start(hub.tls().serverSslContext());
        packages.publish("/fw/2.bin", IMAGE);
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

    private static DeviceRuntime device(String id, UpdateSettings updates) throws Exception {
        return DeviceRuntime.start(
                new DeviceRuntime.Settings(
                        hub.deviceConnectionString(id), dir.resolve(id), deviceTrust, Duration.ofSeconds(1), "1.0.0"),
                w -> {},
                new DeviceRuntime.Extras(null, updates));
    }

    private static JsonObject awaitReported(String id, Predicate<JsonObject> done) {
        return Waits.until(
                Waits.upTo(WAIT).pollInterval(Duration.ofMillis(50)),
                () -> hub.hub().twinProperties(id).getAsJsonObject("reported"),
                r -> {
                    try {
                        return done.test(r);
                    } catch (RuntimeException notYet) {
                        return false; // a section not there yet
                    }
                },
                r -> "timed out; reported " + r);
    }

    private static JsonObject fw(JsonObject reported) {
        return reported.getAsJsonObject("iothubDM").getAsJsonObject("firmwareUpdate");
    }

    private static void update(String id, String operationId) throws Exception {
        byte[] body = ("{\"operationId\":\"" + operationId + "\",\"version\":\"2.0.0\",\"packageUri\":\""
                        + packages.url("/fw/2.bin") + "\",\"sha256\":\"" + Packages.sha256(IMAGE) + "\",\"sizeBytes\":"
                        + IMAGE.length + "}")
                .getBytes(StandardCharsets.UTF_8);
        MethodResult accepted = hub.hub()
                .invokeMethod(id, "firmwareUpdate", body, Duration.ofSeconds(20), Duration.ofSeconds(20))
                .get(30, TimeUnit.SECONDS);
        assertEquals(202, accepted.status(), new String(accepted.payload(), StandardCharsets.UTF_8));
    }

    private static List<String> devicesWhoseHealthIs(String status) {
        return Query.parse("SELECT deviceId FROM devices WHERE " + ReportedPaths.HEALTH_STATUS + " = '" + status + "'")
                .execute(hub.hub().twins())
                .stream()
                .map(row -> row.get("deviceId").getAsString())
                .toList();
    }

    @Test
    void aDeviceThatPassesAtInstallThenRegressesReportsRolledBackWithTheSameOperationId() throws Exception {
        String regressing = LocalHub.deviceId("device-", 1);
        String healthy = LocalHub.deviceId("device-", 2);
        UpdateSettings base = UpdateSettings.defaults().withWatch(HealthWatch.ofSeconds(3, 1));
        // The regress device's watch waits until the test has seen applyComplete in the twin, so the order of the two
        // reports is observed, not raced.
        CountDownLatch seen = new CountDownLatch(1);
        UpdateSettings regress = SimProfiles.updates(Behaviour.REGRESS, base, () -> {});
        UpdateSettings held = regress.withSteps(step -> {
            regress.steps().reached(step);
            if (PostUpdateWatch.STEP_PROVISIONAL.equals(step)) {
                try {
                    seen.await(WAIT.toSeconds(), TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        try (DeviceRuntime r = device(regressing, held);
                DeviceRuntime h = device(healthy, SimProfiles.updates(Behaviour.NORMAL, base, () -> {}))) {
            assertEquals(regressing, r.deviceId());
            JsonObject atStart = awaitReported(regressing, x -> x.has("health"));
            assertEquals("ok", atStart.getAsJsonObject("health").get("status").getAsString(), "healthy at start-up");
            assertEquals(
                    "1.0.0", atStart.getAsJsonObject("health").get("version").getAsString());
            awaitReported(healthy, x -> x.has("health"));

            update(regressing, "soak-1");
            update(healthy, "soak-2");

            JsonObject installed = awaitReported(
                    regressing, x -> "applyComplete".equals(fw(x).get("status").getAsString()));
            assertEquals("soak-1", fw(installed).get("operationId").getAsString());
            assertEquals(
                    "2.0.0",
                    installed.getAsJsonObject("iothubDM").get("firmwareVersion").getAsString());
            assertEquals("ok", installed.getAsJsonObject("health").get("status").getAsString(), "passed at install");
            assertEquals(
                    "2.0.0", installed.getAsJsonObject("health").get("version").getAsString());
            seen.countDown();

            JsonObject regressed = awaitReported(
                    regressing, x -> "rolledBack".equals(fw(x).get("status").getAsString()));
            JsonObject section = fw(regressed);
            assertEquals("soak-1", section.get("operationId").getAsString(), "the same operation: a regression");
            assertEquals("1.0.0", section.get("version").getAsString(), "the restored version");
            assertEquals(
                    "healthCheckFailed",
                    section.getAsJsonObject("error").get("code").getAsString());
            assertTrue(
                    section.getAsJsonObject("error")
                            .get("message")
                            .getAsString()
                            .contains("failed after install"),
                    section.toString());
            assertEquals(
                    "1.0.0",
                    regressed.getAsJsonObject("iothubDM").get("firmwareVersion").getAsString());
            JsonObject health = regressed.getAsJsonObject("health");
            assertEquals("failed", health.get("status").getAsString());
            assertEquals("2.0.0", health.get("version").getAsString(), "the version that failed");
            assertEquals(3, health.size(), "status, version and checkedAt only: " + health);

            // The healthy device's watch ends with its version committed; its section stays applyComplete.
            Waits.until(
                    Waits.upTo(WAIT),
                    () -> h.agent().state(),
                    s -> s.provisional() == null
                            && s.current() == null
                            && !s.slots().trial(),
                    s -> "timed out; state " + s);
            JsonObject committed = hub.hub().twinProperties(healthy).getAsJsonObject("reported");
            assertEquals("applyComplete", fw(committed).get("status").getAsString());
            assertEquals(
                    "2.0.0",
                    committed.getAsJsonObject("iothubDM").get("firmwareVersion").getAsString());
            assertEquals("ok", committed.getAsJsonObject("health").get("status").getAsString());

            assertEquals(List.of(regressing), devicesWhoseHealthIs("failed"), "what a health gate counts");
            assertEquals(List.of(healthy), devicesWhoseHealthIs("ok"));
        }
    }
}
