package dev.fleetops.device.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleetops.device.Main;
import dev.fleetops.device.config.ConfigException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulateOptionsTest {
    @TempDir
    Path dir;

    @Test
    void countHubConfigAndProfileAreParsed() throws Exception {
        SimulateOptions o = SimulateOptions.parse(new String[] {
            "--count",
            "1000",
            "--hub-config",
            "local-hub.json",
            "--profile",
            "slow=0.1,crash=0.01",
            "--seed",
            "9",
            "--allow-unsigned"
        });
        assertEquals(1000, o.count());
        assertEquals(Path.of("local-hub.json"), o.hubConfig());
        assertEquals(0.1, o.profile().shares().get(Behaviour.SLOW));
        assertEquals(9, o.seed());
        assertEquals(SimulateOptions.DEFAULT_HEALTH_WATCH_SECONDS, o.healthWatchSeconds(), "a short watch by default");
        assertEquals(SimulateOptions.DEFAULT_HEALTH_CHECK_INTERVAL_SECONDS, o.healthCheckIntervalSeconds());
    }

    @Test
    void theHealthWatchAndTheRegressProfileCanBeAskedFor() throws Exception {
        SimulateOptions o = SimulateOptions.parse(new String[] {
            "--count",
            "4",
            "--hub-config",
            "h",
            "--allow-unsigned",
            "--profile",
            "regress=0.5",
            "--health-watch-seconds",
            "0",
            "--health-check-interval-seconds",
            "3"
        });
        assertEquals(0.5, o.profile().shares().get(Behaviour.REGRESS));
        assertEquals(0, o.healthWatchSeconds());
        assertEquals(3, o.healthCheckIntervalSeconds());
        assertThrows(
                ConfigException.class,
                () -> SimulateOptions.parse(new String[] {
                    "--count", "1", "--hub-config", "h", "--allow-unsigned", "--health-check-interval-seconds", "0"
                }));
    }

    @Test
    void missingCountOrBadProfileIsAConfigError() {
        assertThrows(ConfigException.class, () -> SimulateOptions.parse(new String[] {"--hub-config", "x.json"}));
        assertThrows(
                ConfigException.class, () -> SimulateOptions.parse(new String[] {"--count", "0", "--hub-config", "x"}));
        assertThrows(
                ConfigException.class,
                () -> SimulateOptions.parse(
                        new String[] {"--count", "5", "--hub-config", "x", "--profile", "flaky=1"}));
    }

    @Test
    void theFleetMustChooseSignedOrUnsignedFirmware() throws Exception {
        ConfigException none = assertThrows(
                ConfigException.class, () -> SimulateOptions.parse(new String[] {"--count", "1", "--hub-config", "h"}));
        assertTrue(
                none.getMessage().contains("--signing-key") && none.getMessage().contains("--allow-unsigned"));
        assertThrows(
                ConfigException.class,
                () -> SimulateOptions.parse(new String[] {
                    "--count", "1", "--hub-config", "h", "--signing-key", "k.pub.pem", "--allow-unsigned"
                }));
        SimulateOptions o = SimulateOptions.parse(new String[] {
            "--count", "1", "--hub-config", "h", "--allow-unsigned", "--model", "gw-1", "--package-hosts", "A.example,b"
        });
        assertTrue(o.allowUnsigned());
        assertEquals("gw-1", o.model());
        assertEquals(java.util.List.of("a.example", "b"), o.packageHosts());
        Path f = dir.resolve("local-hub.json");
        Files.writeString(f, "{\"caFile\":\"" + dir.resolve("ca.pem") + "\",\"devices\":[]}");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(
                new String[] {"simulate", "--count", "1", "--hub-config", f.toString()},
                Map.of(),
                new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(Main.USAGE, code);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("firmware signatures are required"));
    }

    @Test
    void hubConfigListsDevicesAndTheCa() throws Exception {
        Path f = dir.resolve("local-hub.json");
        Files.writeString(
                f,
                "{\"caFile\":\"/tmp/ca.pem\",\"devices\":[{\"deviceId\":\"d-1\",\"connectionString\":"
                        + "\"HostName=127.0.0.1;DeviceId=d-1;SharedAccessKey=a2V5\"}]}");
        HubConfig c = HubConfig.read(f);
        assertEquals(Path.of("/tmp/ca.pem"), c.caFile());
        assertEquals("d-1", c.devices().get(0).deviceId());
        assertThrows(ConfigException.class, () -> HubConfig.read(dir.resolve("missing.json")));
    }

    @Test
    void simulateCommandRefusesMoreDevicesThanTheHubHasWithAUsageExit() throws Exception {
        Path f = dir.resolve("local-hub.json");
        Files.writeString(f, "{\"caFile\":\"" + dir.resolve("ca.pem") + "\",\"devices\":[]}");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(
                new String[] {"simulate", "--count", "3", "--hub-config", f.toString(), "--allow-unsigned"},
                Map.of(),
                new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(Main.USAGE, code);
        assertTrue(
                err.toString(StandardCharsets.UTF_8).contains("fewer than --count 3"),
                err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void signingKeysAreRepeatableAndAnUnreadableOneIsAUsageError() throws Exception {
        SimulateOptions o = SimulateOptions.parse(new String[] {
            "--count", "1", "--hub-config", "h.json", "--signing-key", "old.pub.pem", "--signing-key", "new.pub.pem"
        });
        assertEquals(java.util.List.of(Path.of("old.pub.pem"), Path.of("new.pub.pem")), o.signingKeys());

        Path f = dir.resolve("local-hub.json");
        Files.writeString(
                f,
                "{\"caFile\":\"" + dir.resolve("ca.pem") + "\",\"devices\":[{\"deviceId\":\"d-1\","
                        + "\"connectionString\":\"HostName=127.0.0.1;DeviceId=d-1;SharedAccessKey=a2V5\"}]}");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(
                new String[] {
                    "simulate",
                    "--count",
                    "1",
                    "--hub-config",
                    f.toString(),
                    "--signing-key",
                    dir.resolve("nope.pem").toString()
                },
                Map.of(),
                new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(Main.USAGE, code);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("nope.pem"), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void timeZonesAreGivenOutInTurnAndMustBeIanaIds() throws Exception {
        SimulateOptions o = SimulateOptions.parse(new String[] {
            "--count", "3", "--hub-config", "h", "--allow-unsigned", "--time-zones", "Asia/Tokyo,Europe/Berlin"
        });
        assertEquals(java.time.ZoneId.of("Asia/Tokyo"), o.timeZone(0));
        assertEquals(java.time.ZoneId.of("Europe/Berlin"), o.timeZone(1));
        assertEquals(java.time.ZoneId.of("Asia/Tokyo"), o.timeZone(2));
        SimulateOptions plain =
                SimulateOptions.parse(new String[] {"--count", "1", "--hub-config", "h", "--allow-unsigned"});
        assertEquals(java.time.ZoneId.systemDefault(), plain.timeZone(0));
        ConfigException bad = assertThrows(
                ConfigException.class,
                () -> SimulateOptions.parse(new String[] {
                    "--count", "1", "--hub-config", "h", "--allow-unsigned", "--time-zones", "Asia/Tokyo,+05:00"
                }));
        assertTrue(bad.getMessage().contains("--time-zones"), bad.getMessage());
    }
}
