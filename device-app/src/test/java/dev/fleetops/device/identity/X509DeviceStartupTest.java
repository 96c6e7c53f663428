package dev.fleetops.device.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleetops.device.Main;
import dev.fleetops.device.config.ConfigException;
import dev.fleetops.device.config.ConnectionString;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An X.509 device's start-up: its files, their modes, the connection string, and that no key is ever printed. */
class X509DeviceStartupTest {
    private static final String CS = "HostName=127.0.0.1;DeviceId=cert-dev;x509=true";

    @TempDir
    Path dir;

    private record Outcome(int code, String out, String err) {}

    private static Outcome run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(
                args,
                Map.of(),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private SelfSignedCertificate.Created created() throws Exception {
        return SelfSignedCertificate.createOrLoad(dir.resolve("state"), "cert-dev", Duration.ofDays(1));
    }

    private Outcome start(Path cert, Path key) {
        return run(
                "--connection-string",
                CS,
                "--state-dir",
                dir.resolve("state").toString(),
                "--cert-file",
                cert.toString(),
                "--key-file",
                key.toString(),
                "--allow-unsigned");
    }

    @Test
    void theCreatedKeyIsOwnerOnlyAndLoadsWithItsCertificate() throws Exception {
        SelfSignedCertificate.Created c = created();
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(c.keyFile())));
        DeviceCertificate id = DeviceCertificate.load(c.certFile(), c.keyFile());
        assertEquals("CN=cert-dev", id.chain().get(0).getSubjectX500Principal().getName());
        assertEquals(
                c.sha256(),
                SelfSignedCertificate.thumbprint("SHA-256", id.chain().get(0)));
        assertFalse(id.toString().contains("PRIVATE"), "toString never shows the key");
        assertEquals(c, created(), "a second call keeps the device's identity");
    }

    @Test
    void aKeyReadableByGroupOrOthersIsRefusedAtStartupWithOneLine() throws Exception {
        SelfSignedCertificate.Created c = created();
        Files.setPosixFilePermissions(c.keyFile(), PosixFilePermissions.fromString("rw-r-----"));
        Outcome o = start(c.certFile(), c.keyFile());
        assertEquals(Main.USAGE, o.code());
        assertEquals(1, o.err().lines().count(), o.err());
        assertTrue(o.err().contains("chmod 600"), o.err());
        assertFalse(o.err().contains("PRIVATE KEY"));
    }

    @Test
    void missingOrSwappedFilesAreRefusedWithoutQuotingThem() throws Exception {
        SelfSignedCertificate.Created c = created();
        Outcome missing = start(dir.resolve("nope.pem"), c.keyFile());
        assertEquals(Main.USAGE, missing.code());
        assertTrue(missing.err().contains("does not exist"), missing.err());
        assertEquals(Main.USAGE, start(c.certFile(), dir.resolve("nokey.pem")).code());
        Path keyAsCert = Files.copy(c.keyFile(), dir.resolve("key-as-cert.pem"));
        Outcome swapped = start(keyAsCert, c.keyFile());
        assertEquals(Main.USAGE, swapped.code());
        assertFalse(swapped.err()
                .contains(Files.readString(c.keyFile())
                        .lines()
                        .skip(1)
                        .findFirst()
                        .orElseThrow()));
        SelfSignedCertificate.Created other =
                SelfSignedCertificate.createOrLoad(dir.resolve("other"), "cert-dev", Duration.ofDays(1));
        Outcome mismatched = start(c.certFile(), other.keyFile());
        assertEquals(Main.USAGE, mismatched.code());
        assertTrue(mismatched.err().contains("is not the key of the certificate"), mismatched.err());
    }

    @Test
    void certificatesAndX509ConnectionStringsGoTogether() throws Exception {
        SelfSignedCertificate.Created c = created();
        Outcome noCert = run("--connection-string", CS, "--allow-unsigned");
        assertEquals(Main.USAGE, noCert.code());
        assertTrue(noCert.err().contains("--cert-file"), noCert.err());
        Outcome sasWithCert = run(
                "--connection-string",
                "HostName=127.0.0.1;DeviceId=d;SharedAccessKey=c2VjcmV0",
                "--cert-file",
                c.certFile().toString(),
                "--key-file",
                c.keyFile().toString(),
                "--allow-unsigned");
        assertEquals(Main.USAGE, sasWithCert.code());
        assertTrue(sasWithCert.err().contains("x509=true"), sasWithCert.err());
        assertEquals(
                Main.USAGE,
                run("--connection-string", CS, "--cert-file", "a.pem", "--allow-unsigned")
                        .code());
    }

    @Test
    void theConnectionStringTakesX509ExactlyAsTheSdkDoes() throws Exception {
        ConnectionString cs = ConnectionString.parse(CS);
        assertTrue(cs.x509());
        assertEquals("cert-dev", cs.deviceId());
        assertEquals(CS, cs.toString());
        assertThrows(ConfigException.class, () -> ConnectionString.parse("HostName=a.b;DeviceId=d;x509=TRUE"));
        assertThrows(
                ConfigException.class,
                () -> ConnectionString.parse("HostName=a.b;DeviceId=d;x509=true;SharedAccessKey=c2VjcmV0"));
        assertThrows(ConfigException.class, () -> ConnectionString.parse("HostName=a.b;DeviceId=d"));
    }

    @Test
    void certCreatePrintsThumbprintsAndNeverTheKey() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = CertCli.run(
                new String[] {
                    "create",
                    "--device-id",
                    "cert-dev",
                    "--state-dir",
                    dir.resolve("cli").toString()
                },
                new PrintStream(out, true, StandardCharsets.UTF_8),
                System.err);
        assertEquals(0, code);
        String printed = out.toString(StandardCharsets.UTF_8);
        assertTrue(printed.matches("(?s).*sha256: +[0-9A-F]{64}.*"), printed);
        assertFalse(printed.contains("PRIVATE"));
        Path key = dir.resolve("cli").resolve(SelfSignedCertificate.KEY_FILE);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
        assertEquals(2, CertCli.run(new String[] {"create", "--device-id", "bad id"}, System.out, System.err));
    }
}
