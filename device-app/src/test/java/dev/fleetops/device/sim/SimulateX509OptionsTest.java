package dev.fleetops.device.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleetops.device.Main;
import dev.fleetops.device.config.ConfigException;
import dev.fleetops.testkit.tls.TestPki;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.stream.IntStream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code simulate --x509 SHARE}: parsing, which devices it picks, and the hub config it needs. */
class SimulateX509OptionsTest {
    private static final String KEY = Base64.getEncoder().encodeToString(new byte[32]);

    @TempDir
    Path dir;

    private static SimulateOptions parse(String... extra) throws ConfigException {
        String[] base = {"--count", "10", "--hub-config", "h.json", "--allow-unsigned"};
        String[] all = new String[base.length + extra.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(extra, 0, all, base.length, extra.length);
        return SimulateOptions.parse(all);
    }

    @Test
    void withoutTheOptionEveryDeviceIsSas() throws Exception {
        SimulateOptions o = parse();
        assertEquals(0, o.x509Share());
        assertTrue(IntStream.range(0, 10).noneMatch(o::x509));
    }

    @Test
    void aShareOfOneMakesEveryDeviceX509() throws Exception {
        SimulateOptions o = parse("--x509", "1");
        assertTrue(IntStream.range(0, 10).allMatch(o::x509));
    }

    @Test
    void aShareIsSpreadEvenlyAndRoundedDown() throws Exception {
        SimulateOptions half = parse("--x509", "0.5");
        assertEquals(
                java.util.List.of(1, 3, 5, 7, 9),
                IntStream.range(0, 10).filter(half::x509).boxed().toList());
        SimulateOptions third = parse("--x509", "0.34");
        assertEquals(3, IntStream.range(0, 10).filter(third::x509).count());
        // 0.29 x 100 is 28.999… in binary: the pick must still be 29 devices.
        SimulateOptions odd = parse("--x509", "0.29");
        assertEquals(29, IntStream.range(0, 100).filter(odd::x509).count());
    }

    @ParameterizedTest
    @ValueSource(strings = {"-0.1", "1.01", "half", "NaN", "Infinity", ""})
    void aShareOutside0To1IsOneClearLine(String bad) {
        ConfigException e = assertThrows(ConfigException.class, () -> parse("--x509", bad));
        assertTrue(e.getMessage().startsWith("--x509 must be a share from 0 to 1"), e.getMessage());
    }

    @Test
    void theShareNeedsAValue() {
        ConfigException e = assertThrows(ConfigException.class, () -> parse("--x509"));
        assertEquals("--x509 needs a value", e.getMessage());
    }

    @Test
    void theUsageDescribesTheOption() {
        assertTrue(SimulateOptions.USAGE.contains("--x509 SHARE"));
    }

    @Test
    void hubConfigReadsTheServiceApiAndNeverPrintsItsKey() throws Exception {
        Path f = dir.resolve("local-hub.json");
        Files.writeString(
                f,
                "{\"caFile\":\"/tmp/ca.pem\",\"serviceEndpoint\":\"127.0.0.1:8443\",\"serviceConnectionString\":"
                        + "\"HostName=127.0.0.1;SharedAccessKeyName=iothubowner;SharedAccessKey=" + KEY + "\","
                        + "\"devices\":[{\"deviceId\":\"d-1\",\"connectionString\":"
                        + "\"HostName=127.0.0.1;DeviceId=d-1;SharedAccessKey=" + KEY + "\"}]}");
        HubConfig c = HubConfig.read(f);
        assertEquals("127.0.0.1:8443", c.service().endpoint());
        assertFalse(c.toString().contains(KEY), c.toString());

        Files.writeString(f, "{\"caFile\":\"/tmp/ca.pem\",\"devices\":[]}");
        assertNull(HubConfig.read(f).service());
    }

    @Test
    void serviceTokensAreSignedAsTheHubChecksThem() throws Exception {
        ServiceSas sas =
                ServiceSas.parse("HostName=Hub.Example;SharedAccessKeyName=iothubowner;SharedAccessKey=" + KEY);
        String token = sas.token(Instant.ofEpochSecond(2_000_000_000L));
        assertTrue(token.startsWith("SharedAccessSignature sr=hub.example&sig="), token);
        assertTrue(token.endsWith("&se=2000000000&skn=iothubowner"), token);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(new byte[32], "HmacSHA256"));
        String expected = Base64.getEncoder()
                .encodeToString(mac.doFinal("hub.example\n2000000000".getBytes(StandardCharsets.UTF_8)));
        String sig = token.substring(token.indexOf("&sig=") + 5, token.indexOf("&se="));
        assertEquals(expected, URLDecoder.decode(sig, StandardCharsets.UTF_8));
        assertFalse(sas.toString().contains(KEY));
    }

    @Test
    void anIncompleteServiceConnectionStringIsRefusedWithoutQuotingIt() {
        ConfigException missing =
                assertThrows(ConfigException.class, () -> ServiceSas.parse("HostName=h;SharedAccessKey=" + KEY));
        assertFalse(missing.getMessage().contains(KEY));
        ConfigException notBase64 = assertThrows(
                ConfigException.class,
                () -> ServiceSas.parse("HostName=h;SharedAccessKeyName=p;SharedAccessKey=not*base64"));
        assertFalse(notBase64.getMessage().contains("not*base64"));
    }

    @Test
    void x509WithoutTheServiceApiInTheHubConfigIsAUsageError() throws Exception {
        Path ca = Files.writeString(
                dir.resolve("ca.pem"), TestPki.pem(TestPki.ca("Sim CA").certificate()));
        Path f = dir.resolve("local-hub.json");
        Files.writeString(
                f,
                "{\"caFile\":\"" + ca + "\",\"devices\":[{\"deviceId\":\"d-1\",\"connectionString\":"
                        + "\"HostName=127.0.0.1;DeviceId=d-1;SharedAccessKey=" + KEY + "\"}]}");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(
                new String[] {
                    "simulate",
                    "--count",
                    "1",
                    "--hub-config",
                    f.toString(),
                    "--allow-unsigned",
                    "--x509",
                    "1",
                    "--state-dir",
                    dir.resolve("state").toString()
                },
                Map.of(),
                new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        String text = err.toString(StandardCharsets.UTF_8);
        assertEquals(Main.USAGE, code, text);
        assertEquals(1, text.lines().count(), text);
        assertTrue(text.contains("serviceConnectionString"), text);
    }
}
