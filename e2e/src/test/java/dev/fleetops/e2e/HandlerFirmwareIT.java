package dev.fleetops.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.fleetops.device.runtime.DeviceRuntime;
import dev.fleetops.functions.wiring.FleetOpsInjector;
import dev.fleetops.testkit.Packages;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Firmware updates through the back-end and the local hub to a device app whose steps are done by handler
 * scripts: the shipped file-install handler installs (A/B slots, a {@code current} link), a reboot handler ends
 * the agent process (restarted by {@link AgentProcess}, standing in for the machine's reboot), and a test health
 * check passes, fails (→ the rollback handler) or hangs past its timeout (→ the same rollback).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HandlerFirmwareIT {
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final String DEVICE = "hdev-001";

    @TempDir
    static Path dir;

    @AutoClose
    static LocalDevices fleet;

    @AutoClose
    static AgentProcess agent;

    static DeviceApi api;
    static Path calls;
    static Path installDir;

    @BeforeAll
    static void start() throws Exception {
        fleet = LocalDevices.start(dir, "hdev-", 1, 0, DeviceRuntime.Extras.NONE);
        FleetOpsInjector injector = Backend.on(
                fleet.hub,
                Map.of(
                        "PROGRESS_CONTAINER",
                        "e2e-" + UUID.randomUUID().toString().substring(0, 8),
                        "METHOD_RESPONSE_TIMEOUT_SECONDS",
                        "10"));
        api = DeviceApi.of(fleet.hub, injector, WAIT);
        calls = dir.resolve("calls");
        installDir = dir.resolve("install");
        Path fileInstall = Path.of("../device-app/handlers/fleetops-file-install.sh")
                .toAbsolutePath()
                .normalize();
        Path handler = dir.resolve("handler.sh");
        // The device's handler: health checks by version (3.0.0 is broken, 4.0.0 hangs), a reboot that ends the
        // agent process, everything else the shipped file-install handler.
        Files.writeString(
                handler,
                "#!/bin/sh\n"
                        + "echo \"$1 $FLEETOPS_VERSION attempt=$FLEETOPS_ATTEMPT\" >> '" + calls + "'\n"
                        + "case \"$1\" in\n"
                        + "health-check)\n"
                        + "  case \"$FLEETOPS_VERSION\" in\n"
                        + "  3.*) echo 'self-test: sensor bus silent' >&2; exit 1 ;;\n"
                        + "  4.*) echo 'self-test: waiting for the modem'; exec sleep 600 ;;\n"
                        + "  *) echo \"self-test of $(cat \"$FLEETOPS_INSTALL_DIR/current/version\") passed\"; exit 0 ;;\n"
                        + "  esac ;;\n"
                        + "reboot) kill -TERM \"$PPID\"; exit 0 ;;\n" // the agent's JVM goes down, as on a reboot
                        + "esac\n"
                        + "exec '" + fileInstall + "' \"$@\"\n",
                StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(handler, PosixFilePermissions.fromString("rwx------"));
        agent = new AgentProcess(
                AgentProcess.list(
                        "--connection-string",
                        fleet.hub.deviceConnectionString(DEVICE),
                        "--state-dir",
                        dir.resolve("device").toString(),
                        "--ca-file",
                        fleet.hub.caFile().toAbsolutePath().toString(),
                        "--allow-unsigned",
                        "--handler",
                        handler.toString(),
                        "--handler-timeout",
                        "health-check=3",
                        "--reboot-delay-seconds",
                        "1"),
                Map.of("FLEETOPS_INSTALL_DIR", installDir.toString()),
                dir.resolve("agent.log"));
        api.awaitConnected(DEVICE);
    }

    private static JsonObject update(String version) throws Exception {
        awaitBackFromReboots();
        byte[] image = Packages.randomBytes(16 * 1024);
        String url = fleet.packages.publish("/fw/h-" + version + ".bin", image);
        // Back from a reboot, the agent is connected a moment before it has subscribed to direct methods, and the hub
        // answers 404103 (409 device-offline) meanwhile: a portal retries then, and so does this test.
        java.util.concurrent.atomic.AtomicReference<String> started =
                new java.util.concurrent.atomic.AtomicReference<>();
        dev.fleetops.testkit.Waits.upTo(WAIT, DEVICE + " takes the update")
                .pollInterval(Duration.ofMillis(200))
                .untilAsserted(() ->
                        started.set(api.startFirmware(DEVICE, version, url, Packages.sha256(image), image.length)));
        String op = started.get();
        return api.awaitOperation(
                DEVICE, op, s -> s.equals("applyComplete") || s.equals("rolledBack") || s.endsWith("Failed"));
    }

    private static String current() throws Exception {
        return Files.readString(installDir.resolve("current/version")).trim();
    }

    private static List<String> calls() throws Exception {
        return Files.readAllLines(calls);
    }

    @Test
    @Order(1)
    void handlersInstallRebootCheckAndCommitAnUpdate() throws Exception {
        int before = agent.starts();
        JsonObject done = update("2.0.0");

        assertEquals(
                "applyComplete", done.getAsJsonObject("operation").get("status").getAsString(), done.toString());
        assertEquals("2.0.0", done.get("firmwareVersion").getAsString());
        assertEquals("2.0.0", current());
        assertEquals(
                "2.0.0",
                Files.readString(installDir.resolve("confirmed/version")).trim());
        assertTrue(agent.starts() > before, "the reboot handler ended the agent process and it came back");
        assertEquals(
                List.of(
                        "download-verified 2.0.0 attempt=1",
                        "install 2.0.0 attempt=1",
                        "reboot 2.0.0 attempt=1",
                        "health-check 2.0.0 attempt=1",
                        "commit 2.0.0 attempt=1"),
                calls());
    }

    @Test
    @Order(2)
    void aFailingHealthCheckRollsBackThroughTheRollbackHandler() throws Exception {
        JsonObject done = update("3.0.0");

        JsonObject operation = done.getAsJsonObject("operation");
        assertEquals("rolledBack", operation.get("status").getAsString(), done.toString());
        assertEquals(
                "healthCheckFailed",
                operation.getAsJsonObject("error").get("code").getAsString());
        assertTrue(
                operation.getAsJsonObject("error").get("message").getAsString().contains("sensor bus silent"),
                done.toString());
        awaitVersion("2.0.0");
        assertEquals("2.0.0", current(), "the rollback handler switched back");
        assertTrue(calls().contains("rollback 3.0.0 attempt=1"), calls().toString());
    }

    @Test
    @Order(3)
    void aHealthCheckThatHangsPastItsTimeoutIsStoppedAndRolledBack() throws Exception {
        JsonObject done = update("4.0.0");

        JsonObject operation = done.getAsJsonObject("operation");
        assertEquals("rolledBack", operation.get("status").getAsString(), done.toString());
        assertEquals(
                "healthCheckFailed",
                operation.getAsJsonObject("error").get("code").getAsString());
        String message = operation.getAsJsonObject("error").get("message").getAsString();
        assertTrue(message.contains("health-check handler timed out after 3 s"), message);
        assertTrue(message.contains("waiting for the modem"), "the handler's output is in the report: " + message);
        awaitVersion("2.0.0");
        assertEquals("2.0.0", current());
    }

    /**
     * Every reboot handler call ended the process; waits until the last restart is up and on the hub. A rollback is
     * followed by a reboot into the restored version after "rolledBack" is reported, so that reboot is waited for
     * too: otherwise the next update could start just before it and be cut short by it.
     */
    private static void awaitBackFromReboots() {
        dev.fleetops.testkit.Waits.upTo(WAIT, "the agent restarted after every reboot")
                .pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    List<String> lines = Files.exists(calls) ? calls() : List.of();
                    long reboots =
                            lines.stream().filter(c -> c.startsWith("reboot ")).count();
                    return everyRollbackRebooted(lines) && agent.starts() == 1 + reboots;
                });
        api.awaitConnected(DEVICE);
    }

    /** Whether each {@code rollback V} call is followed by a {@code reboot V} call. */
    private static boolean everyRollbackRebooted(List<String> lines) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("rollback ")) {
                String version = lines.get(i).split(" ")[1];
                if (lines.subList(i + 1, lines.size()).stream()
                        .noneMatch(c -> c.startsWith("reboot " + version + " "))) {
                    return false;
                }
            }
        }
        return true;
    }

    private static void awaitVersion(String version) {
        dev.fleetops.testkit.Waits.upTo(WAIT, DEVICE + " reports " + version)
                .pollInterval(Duration.ofMillis(100))
                .until(() -> version.equals(
                        api.status(DEVICE, null).get("firmwareVersion").getAsString()));
    }
}
