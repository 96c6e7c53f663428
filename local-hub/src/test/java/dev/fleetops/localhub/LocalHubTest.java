package dev.fleetops.localhub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalHubTest {
    @TempDir
    Path dir;

    private LocalHub start() throws InterruptedException {
        return LocalHub.builder()
                .stateDir(dir)
                .mqttPort(0)
                .httpsPort(0)
                .devices(3)
                .start();
    }

    @Test
    void aRestartReusesCertificatesKeysAndDevices() throws Exception {
        String ca;
        String device;
        String service;
        try (LocalHub hub = start()) {
            ca = Files.readString(hub.caFile());
            device = hub.deviceConnectionString("device-002");
            service = hub.serviceConnectionString("service");
            hub.hub().addDevice("extra", null, null, true);
        }
        try (LocalHub hub = start()) {
            assertEquals(ca, Files.readString(hub.caFile()));
            assertEquals(device, hub.deviceConnectionString("device-002"));
            assertEquals(service, hub.serviceConnectionString("service"));
            assertTrue(hub.hub().device("extra").isPresent(), "devices added at run time survive a restart");
            assertEquals(4, hub.hub().identities().size(), "--devices does not register duplicates");
        }
    }

    @Test
    void localHubJsonSaysWhereEverythingIsAndOnlyItsOwnerCanReadIt() throws Exception {
        try (LocalHub hub = start()) {
            JsonObject config =
                    JsonParser.parseString(Files.readString(hub.configFile())).getAsJsonObject();
            assertEquals(hub.httpsPort(), config.get("httpsPort").getAsInt());
            assertEquals(
                    "127.0.0.1:" + hub.httpsPort(),
                    config.get("serviceEndpoint").getAsString());
            assertEquals(hub.caFile().toString(), config.get("caFile").getAsString());
            assertEquals(3, config.getAsJsonArray("devices").size());
            assertTrue(config.get("serviceConnectionString")
                    .getAsString()
                    .startsWith("HostName=127.0.0.1;SharedAccessKeyName=iothubowner;"));
            var perms = Files.getPosixFilePermissions(hub.configFile());
            assertFalse(
                    perms.contains(PosixFilePermission.OTHERS_READ) || perms.contains(PosixFilePermission.GROUP_READ),
                    perms.toString());
        }
    }

    @Test
    void aNonLoopbackBindIsRefusedWithoutTheExplicitFlag() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> LocalHub.builder()
                        .stateDir(dir)
                        .bindHost("0.0.0.0")
                        .mqttPort(0)
                        .httpsPort(0)
                        .start());
        assertTrue(e.getMessage().contains("--allow-non-loopback"), e.getMessage());
    }

    @Test
    void theCommandLinePrintsHelpAndRejectsBadOptions() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertNull(Main.parse(new String[] {"--help"}, new PrintStream(out, true, StandardCharsets.UTF_8)));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("--devices N"));
        assertThrows(IllegalArgumentException.class, () -> Main.parse(new String[] {"--devices"}, System.out));
        assertThrows(IllegalArgumentException.class, () -> Main.parse(new String[] {"--devices", "many"}, System.out));
        assertThrows(
                IllegalArgumentException.class, () -> Main.parse(new String[] {"--mqtt-port", "70000"}, System.out));
        assertThrows(IllegalArgumentException.class, () -> Main.parse(new String[] {"--bogus"}, System.out));
    }
}
