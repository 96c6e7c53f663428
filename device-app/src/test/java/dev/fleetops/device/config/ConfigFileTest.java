package dev.fleetops.device.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code --config FILE}: the same keys, validation and messages as the flags, plus the file's line. */
class ConfigFileTest {
    private static final String KEY = "c2VjcmV0LWtleS1ub3QtZm9yLWxvZ3M=";
    private static final String CS = "HostName=hub.example.net;DeviceId=d1;SharedAccessKey=" + KEY;

    @TempDir
    Path dir;

    private Path conf(String text) throws Exception {
        Path f = dir.resolve("agent.conf");
        Files.writeString(f, text, StandardCharsets.UTF_8);
        return f;
    }

    private CliOptions parse(Map<String, String> env, String... args) throws ConfigException {
        return CliOptions.parse(args, env);
    }

    @Test
    void everyOptionCanComeFromTheFile() throws Exception {
        Path f = conf("""
                # FleetOps device agent
                connection-string = %s
                state-dir = /var/lib/fleetops
                  ca-file=/etc/fleetops/ca.pem
                signing-key = /etc/fleetops/keys/a.pub.pem
                signing-key = /etc/fleetops/keys/b.pub.pem
                model = contoso-gw-1
                package-hosts = FW.example.com, cdn.example.net
                allow-downgrade-to = 2.0.0
                reboot-delay-seconds = 0
                initial-firmware-version = 1.2.3
                health-watch-seconds = 600
                health-check-interval-seconds = 30
                time-zone = Asia/Tokyo

                """.formatted(CS));
        CliOptions o = parse(Map.of(), "--config", f.toString());
        assertEquals(CS, o.connectionString(), "a value keeps its own '=' and ';'");
        assertEquals(Path.of("/var/lib/fleetops"), o.stateDir());
        assertEquals(Path.of("/etc/fleetops/ca.pem"), o.caFile());
        assertEquals(
                List.of(Path.of("/etc/fleetops/keys/a.pub.pem"), Path.of("/etc/fleetops/keys/b.pub.pem")),
                o.signingKeys());
        assertEquals("contoso-gw-1", o.model());
        assertEquals(List.of("fw.example.com", "cdn.example.net"), o.packageHosts());
        assertEquals("2.0.0", o.allowDowngradeTo());
        assertEquals(0, o.rebootDelaySeconds());
        assertEquals("1.2.3", o.initialFirmwareVersion());
        assertEquals(600, o.healthWatchSeconds());
        assertEquals(30, o.healthCheckIntervalSeconds());
        assertEquals(java.time.ZoneId.of("Asia/Tokyo"), o.timeZone());
        assertEquals(f, o.configFile());
        assertFalse(o.allowUnsigned());
    }

    @Test
    void theHealthWatchIsOffUnlessAsked() throws Exception {
        CliOptions o = parse(Map.of(), "--connection-string", CS, "--allow-unsigned");
        assertEquals(0, o.healthWatchSeconds());
        assertEquals(CliOptions.DEFAULT_HEALTH_CHECK_INTERVAL, o.healthCheckIntervalSeconds());
        CliOptions on = parse(
                Map.of(),
                "--connection-string",
                CS,
                "--allow-unsigned",
                "--health-watch-seconds",
                "120",
                "--health-check-interval-seconds",
                "10");
        assertEquals(120, on.healthWatchSeconds());
        assertEquals(10, on.healthCheckIntervalSeconds());
        ConfigException bad = assertThrows(
                ConfigException.class,
                () -> parse(Map.of(), "--connection-string", CS, "--allow-unsigned", "--health-watch-seconds", "x"));
        assertEquals("--health-watch-seconds must be a whole number from 0 to 86400", bad.getMessage());
    }

    @Test
    void flagsWinOverTheFileWhereverTheyStandAndTheFileOverTheEnvironment() throws Exception {
        Path f = conf("connection-string = " + CS + "\nstate-dir = /from/file\nsigning-key = file.pem\n"
                + "reboot-delay-seconds = 9\n");
        Map<String, String> env = Map.of(
                CliOptions.ENV_CONNECTION_STRING,
                "HostName=env.example.net;DeviceId=e;SharedAccessKey=" + KEY,
                CliOptions.ENV_SIGNING_KEYS,
                "env.pem");
        CliOptions o = parse(
                env,
                "--state-dir",
                "/from/flag",
                "--config",
                f.toString(),
                "--signing-key",
                "f1.pem",
                "--signing-key",
                "f2.pem");
        assertEquals(Path.of("/from/flag"), o.stateDir());
        assertEquals(List.of(Path.of("f1.pem"), Path.of("f2.pem")), o.signingKeys(), "flags replace the file's keys");
        assertEquals(9, o.rebootDelaySeconds(), "the file still sets what no flag sets");
        assertEquals(CS, o.connectionString(), "the file wins over the environment");
        assertEquals(
                List.of(Path.of("file.pem")),
                parse(env, "--config", f.toString()).signingKeys());
    }

    @Test
    void allowUnsignedTakesTrueOrFalse() throws Exception {
        assertTrue(parse(
                        Map.of(),
                        "--config",
                        conf("connection-string = " + CS + "\nallow-unsigned = true\n")
                                .toString())
                .allowUnsigned());
        ConfigException e = assertThrows(
                ConfigException.class,
                () -> parse(
                        Map.of(),
                        "--config",
                        conf("connection-string = " + CS + "\nallow-unsigned = false\n")
                                .toString()));
        assertTrue(e.getMessage().startsWith("firmware signatures are required"), e.getMessage());
    }

    @Test
    void aContradictionBetweenFlagAndFileNamesBoth() throws Exception {
        Path f = conf("connection-string = " + CS + "\nsigning-key = /etc/fleetops/k.pem\n");
        ConfigException e = assertThrows(
                ConfigException.class, () -> parse(Map.of(), "--config", f.toString(), "--allow-unsigned"));
        assertEquals(
                "--allow-unsigned contradicts --signing-key, signing-key in " + f + " or DEVICE_SIGNING_KEYS: a device"
                        + " either verifies signatures or waives them; choose one",
                e.getMessage());
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "colour = blue|line 2: unknown key 'colour'; keys are the long options of --help without their dashes",
                "--model = x|line 2: expected 'key = value' with a lower-case key",
                "config = other.conf|line 2: unknown key 'config'",
                "help = true|line 2: unknown key 'help'",
                "model|line 2: expected 'key = value'",
                "model =|line 2: model needs a value",
                "model = no spaces allowed|line 2: model must be 1-64 characters",
                "reboot-delay-seconds = 5s|line 2: reboot-delay-seconds must be a whole number from 0 to 3600",
                "package-hosts = https://fw.example.com|line 2: package-hosts must be comma-separated host names",
                "allow-unsigned = yes|line 2: allow-unsigned must be true or false",
                "allow-downgrade-to = 2.0 beta|line 2: allow-downgrade-to must be a firmware version",
                "state-dir = a\\nstate-dir = b|line 3: state-dir is set twice",
                "health-watch-seconds = -1|line 2: health-watch-seconds must be a whole number from 0 to 86400",
                "health-watch-seconds = 86401|line 2: health-watch-seconds must be a whole number from 0 to 86400",
                "health-check-interval-seconds = 0|line 2: health-check-interval-seconds must be a whole number from 1"
                        + " to 3600",
            })
    void aBadLineIsOneMessageNamingFileLineAndKey(String line, String expected) throws Exception {
        Path f = conf("connection-string = " + CS + "\n" + line.replace("\\n", "\n") + "\n");
        ConfigException e = assertThrows(
                ConfigException.class, () -> parse(Map.of(), "--config", f.toString(), "--allow-unsigned"));
        assertTrue(e.getMessage().startsWith(f + " " + expected), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
        assertFalse(e.getMessage().contains(KEY), "the key is never echoed");
    }

    @Test
    void aLineThatIsOnlyASecretIsNeverEchoed() throws Exception {
        Path f = conf("# a pasted key without its name:\n" + KEY.replace("=", "") + "\n");
        ConfigException e = assertThrows(ConfigException.class, () -> parse(Map.of(), "--config", f.toString()));
        assertEquals(f + " line 2: expected 'key = value'", e.getMessage());
    }

    @Test
    void aMissingOrUnreadableFileIsAConfigError() throws Exception {
        ConfigException missing = assertThrows(
                ConfigException.class,
                () -> parse(Map.of(), "--config", dir.resolve("none.conf").toString()));
        assertEquals("config file " + dir.resolve("none.conf") + " does not exist", missing.getMessage());
        ConfigException directory =
                assertThrows(ConfigException.class, () -> parse(Map.of(), "--config", dir.toString()));
        assertTrue(directory.getMessage().startsWith("cannot read config file " + dir), directory.getMessage());
        Path binary = dir.resolve("fw.bin");
        Files.write(binary, new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1});
        assertEquals(
                "config file " + binary + " is not UTF-8 text",
                assertThrows(ConfigException.class, () -> parse(Map.of(), "--config", binary.toString()))
                        .getMessage());
        ConfigException noValue = assertThrows(ConfigException.class, () -> parse(Map.of(), "--config"));
        assertEquals("--config needs a value", noValue.getMessage());
    }

    @Test
    void commentsBlankLinesCrLfAndAByteOrderMarkAreFine() throws Exception {
        CliOptions o = parse(
                Map.of(),
                "--config",
                conf("\uFEFF# comment\r\n\r\n   # indented comment\r\nconnection-string = " + CS
                                + "\r\nallow-unsigned = true\r\n")
                        .toString());
        assertEquals(CS, o.connectionString());
        assertNull(o.allowDowngradeTo());
    }

    @Test
    void theFlagFormOfTheOverrideIsValidatedToo() {
        ConfigException e = assertThrows(
                ConfigException.class,
                () -> parse(Map.of(), "--connection-string", CS, "--allow-unsigned", "--allow-downgrade-to", "a b"));
        assertTrue(e.getMessage().startsWith("--allow-downgrade-to must be a firmware version"), e.getMessage());
    }

    @Test
    void theTimeZoneIsAnIanaIdAndDefaultsToTheSystems() throws Exception {
        assertEquals(
                java.time.ZoneId.systemDefault(),
                parse(Map.of(), "--connection-string", CS, "--allow-unsigned").timeZone());
        assertEquals(
                java.time.ZoneId.of("America/New_York"),
                parse(Map.of(), "--connection-string", CS, "--allow-unsigned", "--time-zone", "America/New_York")
                        .timeZone());
        for (String bad : new String[] {"+05:00", "UTC+5", "Mars/Olympus", ""}) {
            ConfigException e = org.junit.jupiter.api.Assertions.assertThrows(
                    ConfigException.class,
                    () -> parse(Map.of(), "--connection-string", CS, "--allow-unsigned", "--time-zone", bad));
            assertTrue(e.getMessage().startsWith("--time-zone must be an IANA time-zone id"), e.getMessage());
        }
    }
}
