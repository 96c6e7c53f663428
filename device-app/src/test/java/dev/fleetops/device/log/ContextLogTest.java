package dev.fleetops.device.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleetops.contract.signing.SigningAlgorithm;
import dev.fleetops.device.manifest.ManifestSigner;
import dev.fleetops.device.manifest.ManifestVerifier;
import dev.fleetops.device.manifest.TrustedKey;
import dev.fleetops.device.support.AgentHarness;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/** Log lines name their device and operation, on every thread that works for a device. */
class ContextLogTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
    private PrintStream original;

    @BeforeEach
    void capture() {
        original = System.err;
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setErr(original);
    }

    private List<String> lines() {
        return Arrays.asList(captured.toString(StandardCharsets.UTF_8).split("\n"));
    }

    @Test
    void theBackendIsThisProviderAndPrintsTheContextKeys() {
        assertTrue(
                LoggerFactory.getILoggerFactory().getLogger("x") instanceof ContextLogger,
                "device-app logs through ContextLogProvider");
        LogContext.asDevice("device-7", () -> {
            LogContext.operation("op-1");
            try {
                LoggerFactory.getLogger("dev.fleetops.Some").info("hello {}", "world");
            } finally {
                LogContext.operation(null);
            }
        });
        LoggerFactory.getLogger("dev.fleetops.Some").info("outside");
        String first = lines().get(0);
        assertTrue(
                first.matches(
                        "\\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z INFO \\[[^]]+] Some - deviceId=device-7 operationId=op-1 hello world"),
                first);
        assertTrue(lines().get(1).endsWith("Some - outside"), "no context, no keys: " + lines().get(1));
    }

    @Test
    void levelsFollowSimpleloggerProperties() {
        ContextLogProvider p = new ContextLogProvider();
        p.initialize();
        assertEquals(
                Level.WARN,
                p.levelOf("com.microsoft.azure.sdk.iot.device.transport.IotHubTransport"),
                "the SDK's routine noise is off");
        assertEquals(Level.INFO, p.levelOf("dev.fleetops.device.agent.DeviceAgent"));
    }

    @Test
    void agentThreadsCarryTheDeviceIdAndTheRunningOperation() throws Exception {
        try (AgentHarness h = new AgentHarness(dir).deviceId("device-42")) {
            // A device that requires signatures refuses this update on its action thread, with a warning.
            h.updates(h.updates()
                    .withManifests(new ManifestVerifier(List.of(TrustedKey.of(
                            ManifestSigner.generate(SigningAlgorithm.ED25519).getPublic())))));
            h.start();
            h.call(
                    "firmwareUpdate",
                    "{\"operationId\":\"boot-9\",\"version\":\"2.0.0\",\"packageUri\":\"https://x.example/f\","
                            + "\"sha256\":\"" + "a".repeat(64) + "\"}");
            h.idle();
        }
        List<String> mine = lines().stream().filter(l -> l.contains(" - ")).toList();
        assertFalse(mine.isEmpty());
        assertTrue(mine.stream().allMatch(l -> l.contains("deviceId=device-42")), String.join("\n", mine));
        assertTrue(
                mine.stream().anyMatch(l -> l.contains("[fleetops-action]") && l.contains("operationId=boot-9")),
                "the action thread logs the operation: " + String.join("\n", mine));
    }
}
