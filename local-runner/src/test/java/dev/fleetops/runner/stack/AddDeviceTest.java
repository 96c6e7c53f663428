package dev.fleetops.runner.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleetops.localhub.LocalHub;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code scripts/local-stack.sh add-device}: a real local hub registers the device; what is printed runs it. */
class AddDeviceTest {
    @Test
    void aDeviceIsRegisteredOnceAndItsConnectionStringIsTheHubs(@TempDir Path dir) throws Exception {
        try (LocalHub hub = LocalHub.builder()
                .stateDir(dir.resolve("hub"))
                .httpsPort(0)
                .mqttPort(0)
                .devices(1)
                .start()) {
            HubServiceClient client = new HubServiceClient(HubConfigFile.read(hub.configFile()));
            String key = client.registerDevice("lab-bench-7");
            assertEquals(hub.deviceConnectionString("lab-bench-7"), client.deviceConnectionString("lab-bench-7", key));
            assertEquals(key, client.registerDevice("lab-bench-7"), "adding it again keeps its identity");
            assertTrue(hub.hub().device("device-001").isPresent());
            IOException bad = assertThrows(IOException.class, () -> client.registerDevice("no spaces allowed"));
            assertTrue(bad.getMessage().startsWith("the hub answered 400"), bad.getMessage());
        }
    }

    @Test
    void thePrintedCommandRunsTheDeviceAsTheStacksDevicesRun() {
        AddedDevice d = new AddedDevice(
                "lab-bench-7",
                "HostName=localhost;DeviceId=lab-bench-7;SharedAccessKey=a2V5a2V5a2V5a2V5a2V5a2V5",
                "device-app/target/device-app.jar",
                Path.of("/w/.local-stack/hub/ca.pem"),
                Path.of("/w/.local-stack/signing/signing-key.pub.pem"),
                Path.of("/w/.local-stack/devices/lab-bench-7"));
        assertEquals(
                List.of(
                        "Device lab-bench-7 is registered in the local hub.",
                        "Connection string: HostName=localhost;DeviceId=lab-bench-7;SharedAccessKey=a2V5a2V5a2V5a2V5a2V5a2V5",
                        "Run it (Ctrl-C stops it; its state is kept in /w/.local-stack/devices/lab-bench-7):",
                        "  DEVICE_CONNECTION_STRING='HostName=localhost;DeviceId=lab-bench-7;SharedAccessKey=a2V5a2V5a2V5a2V5a2V5a2V5'"
                                + " java -jar device-app/target/device-app.jar --ca-file /w/.local-stack/hub/ca.pem"
                                + " --signing-key /w/.local-stack/signing/signing-key.pub.pem"
                                + " --state-dir /w/.local-stack/devices/lab-bench-7"),
                d.lines());
        assertEquals("'it'\\''s $(here)'", AddedDevice.shell("it's $(here)"));
    }
}
