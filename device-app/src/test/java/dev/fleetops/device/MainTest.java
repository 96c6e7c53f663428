package dev.fleetops.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleetops.device.config.CliOptions;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MainTest {
    private static final String KEY = "c2VjcmV0LWtleS1ub3QtZm9yLWxvZ3M=";

    @TempDir
    Path dir;

    private record Outcome(int code, String out, String err) {}

    private Outcome run(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(
                args,
                env,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void helpPrintsUsageAndSucceeds() {
        Outcome o = run(Map.of(), "--help");
        assertEquals(0, o.code());
        assertTrue(o.out().contains("--connection-string"));
        assertTrue(o.out().contains("DEVICE_CONNECTION_STRING"));
        assertEquals("", o.err());
    }

    @Test
    void missingConnectionStringIsAUsageError() {
        Outcome o = run(Map.of(), "--state-dir", dir.toString());
        assertEquals(2, o.code());
        assertTrue(o.err().contains("DEVICE_CONNECTION_STRING"), o.err());
    }

    @Test
    void unknownOptionIsAUsageError() {
        assertEquals(2, run(Map.of(), "--frobnicate").code());
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "HostName=hub.example.net;SharedAccessKey=" + KEY + "|DeviceId is missing",
                "HostName=localhost;DeviceId=d1;SharedAccessKey=" + KEY + "|must contain a dot",
                "HostName=hub.example.net;DeviceId=d1;SharedAccessKey=not*base64!|not valid base64",
                "complete garbage|Key=Value",
                "HostName=hub.example.net;DeviceId=d1;SharedAccessKey=" + KEY + ";Colour=blue|unknown key 'Colour'",
                "HostName=a.b;HostName=c.d;DeviceId=d1;SharedAccessKey=" + KEY + "|duplicate key",
                "HostName=hub.example.net;DeviceId=d1|SharedAccessKey is missing",
            })
    void malformedConnectionStringGivesOneClearLineWithoutTheKey(String cs, String expected) {
        Outcome o = run(Map.of("DEVICE_CONNECTION_STRING", cs), "--state-dir", dir.toString(), "--allow-unsigned");
        assertEquals(2, o.code());
        assertTrue(o.err().contains(expected), o.err());
        assertEquals(1, o.err().strip().lines().count(), o.err());
        assertFalse(o.err().contains(KEY), "the key must never be printed");
        assertFalse(o.err().contains("Exception"), o.err());
    }

    @Test
    void optionWinsOverEnvironment() {
        Outcome o = run(
                Map.of("DEVICE_CONNECTION_STRING", "HostName=a.b;DeviceId=d;SharedAccessKey=" + KEY),
                "--connection-string",
                "HostName=nodot;DeviceId=d;SharedAccessKey=" + KEY,
                "--state-dir",
                dir.toString(),
                "--allow-unsigned");
        assertEquals(2, o.code());
        assertTrue(o.err().contains("nodot"), o.err());
    }

    @Test
    void unreadableCaFileIsAUsageError() {
        Outcome o = run(
                Map.of(),
                "--connection-string",
                "HostName=hub.example.net;DeviceId=d;SharedAccessKey=" + KEY,
                "--state-dir",
                dir.toString(),
                "--ca-file",
                dir.resolve("missing.pem").toString(),
                "--allow-unsigned");
        assertEquals(2, o.code());
        assertTrue(o.err().contains("missing.pem"), o.err());
        assertFalse(o.err().contains(KEY));
    }

    @Test
    void connectionStringTheSdkRejectsIsReportedAsOneLine() {
        Outcome o = run(
                Map.of(),
                "--connection-string",
                "HostName=bad host.example;DeviceId=d;SharedAccessKey=" + KEY,
                "--state-dir",
                dir.toString(),
                "--allow-unsigned");
        assertEquals(2, o.code());
        assertEquals(1, o.err().strip().lines().count(), o.err());
        assertTrue(o.err().startsWith("error: "), o.err());
        assertFalse(o.err().contains(KEY));
    }

    private static final String CS = "HostName=hub.example.net;DeviceId=d;SharedAccessKey=" + KEY;

    @Test
    void refusesToStartWithoutChoosingSignedOrUnsignedFirmware() {
        Outcome o = run(Map.of(), "--connection-string", CS, "--state-dir", dir.toString());
        assertEquals(2, o.code());
        assertTrue(o.err().startsWith("error: firmware signatures are required"), o.err());
        assertTrue(o.err().contains("--signing-key") && o.err().contains("--allow-unsigned"), o.err());
        assertEquals(1, o.err().strip().lines().count(), o.err());
        assertFalse(java.nio.file.Files.exists(dir.resolve("state.json")), "nothing started");
    }

    @Test
    void signingKeyAndAllowUnsignedTogetherAreAUsageError() throws Exception {
        Path pub = dir.resolve("k.pub.pem");
        java.nio.file.Files.writeString(
                pub,
                dev.fleetops.device.manifest.ManifestSigner.publicPem(
                        dev.fleetops.device.manifest.ManifestSigner.generate(
                                        dev.fleetops.contract.signing.SigningAlgorithm.ED25519)
                                .getPublic()));
        Outcome o = run(Map.of(), "--connection-string", CS, "--signing-key", pub.toString(), "--allow-unsigned");
        assertEquals(2, o.code());
        assertTrue(o.err().contains("--allow-unsigned contradicts --signing-key"), o.err());
        Outcome fromEnv =
                run(Map.of("DEVICE_SIGNING_KEYS", pub.toString()), "--connection-string", CS, "--allow-unsigned");
        assertEquals(2, fromEnv.code());
        assertTrue(fromEnv.err().contains("DEVICE_SIGNING_KEYS"), fromEnv.err());
    }

    @Test
    void malformedModelAndPackageHostsAreUsageErrors() {
        Outcome model = run(Map.of(), "--connection-string", CS, "--allow-unsigned", "--model", "gw 1");
        assertEquals(2, model.code());
        assertTrue(model.err().contains("--model"), model.err());
        Outcome hosts = run(
                Map.of(), "--connection-string", CS, "--allow-unsigned", "--package-hosts", "https://cdn.example/x");
        assertEquals(2, hosts.code());
        assertTrue(hosts.err().contains("--package-hosts"), hosts.err());
    }

    @Test
    void aBadConfigFileIsOneLineAndExitTwo() throws Exception {
        Path conf = dir.resolve("agent.conf");
        java.nio.file.Files.writeString(conf, "connection-string = " + CS + "\nreboot-delay = 5\n");
        Outcome o = run(Map.of(), "--config", conf.toString());
        assertEquals(2, o.code());
        assertEquals(
                "error: " + conf + " line 2: unknown key 'reboot-delay'; keys are the long options of --help"
                        + " without their dashes",
                o.err().strip());
        assertFalse(o.err().contains(KEY));
    }

    @Test
    void aConfigFileReadableByEveryoneIsWarnedAbout() throws Exception {
        Path conf = dir.resolve("agent.conf");
        // A malformed connection string stops the run right after the warning, before anything connects.
        java.nio.file.Files.writeString(
                conf,
                "connection-string = HostName=nodot;DeviceId=d;SharedAccessKey=" + KEY + "\nallow-unsigned = true\n");
        java.nio.file.Files.setPosixFilePermissions(
                conf, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        Outcome o = run(Map.of(), "--config", conf.toString());
        assertEquals(2, o.code());
        assertTrue(o.err().startsWith("warning: config file " + conf + " is readable by every user"), o.err());
        assertTrue(o.err().contains("must contain a dot"), o.err());
        assertFalse(o.err().contains(KEY));
        java.nio.file.Files.setPosixFilePermissions(
                conf, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r-----"));
        assertFalse(run(Map.of(), "--config", conf.toString()).err().contains("readable by every user"));
    }

    @Test
    void aMissingOrNonExecutableHandlerAndABadTimeoutAreOneLineUsageErrors() throws Exception {
        Outcome missing = run(Map.of(), "--connection-string", CS, "--allow-unsigned", "--handler", "/no/such/handler");
        assertEquals(2, missing.code());
        assertEquals(
                "error: --handler '/no/such/handler': no such file\n",
                missing.err().replace("\r", ""));
        java.nio.file.Path plain = java.nio.file.Files.writeString(dir.resolve("h.sh"), "#!/bin/sh\n");
        Outcome notExec =
                run(Map.of(CliOptions.ENV_HANDLER, plain.toString()), "--connection-string", CS, "--allow-unsigned");
        assertEquals(2, notExec.code());
        assertTrue(notExec.err().contains("not executable (chmod +x)"), notExec.err());
        for (String bad : new String[] {"install", "install=0", "installs=5", "install=x", "reboot=86401"}) {
            Outcome t = run(Map.of(), "--connection-string", CS, "--allow-unsigned", "--handler-timeout", bad);
            assertEquals(2, t.code(), bad);
            assertTrue(t.err().startsWith("error: --handler-timeout"), t.err());
            assertEquals(1, t.err().lines().count(), t.err());
        }
    }

    @Test
    void handlerOptionsAreParsed() throws Exception {
        java.nio.file.Path h = dev.fleetops.device.handler.Scripts.write(dir, "h.sh", "exit 3");
        CliOptions o = CliOptions.parse(
                new String[] {
                    "--connection-string",
                    CS,
                    "--allow-unsigned",
                    "--handler",
                    h.toString(),
                    "--handler-timeout",
                    "install=90",
                    "--handler-timeout",
                    "health-check=5"
                },
                Map.of());
        assertEquals(h, o.handler());
        assertEquals(
                Map.of(
                        dev.fleetops.device.handler.Step.INSTALL,
                        java.time.Duration.ofSeconds(90),
                        dev.fleetops.device.handler.Step.HEALTH_CHECK,
                        java.time.Duration.ofSeconds(5)),
                o.handlerTimeouts());
    }

    @Test
    void redactionRemovesTheKeyFromSdkMessages() {
        String cs = "HostName=h.n;DeviceId=d;SharedAccessKey=" + KEY;
        assertEquals("bad *** here", Main.redact("bad " + KEY + " here", cs));
    }
}
