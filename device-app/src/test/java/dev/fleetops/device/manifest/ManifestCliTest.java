package dev.fleetops.device.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.fleetops.contract.FirmwareManifest;
import dev.fleetops.contract.StrictJson;
import dev.fleetops.device.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestCliTest {
    private static final String SHA = "0f".repeat(32);

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        out.reset();
        err.reset();
        return Main.run(
                args,
                Map.of(),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void keygenThenSignProducesASignatureTheDeviceAccepts() throws Exception {
        for (String alg : List.of("ed25519", "p256")) {
            Path keys = dir.resolve(alg);
            assertEquals(0, run("manifest", "keygen", "--alg", alg, "--out", keys.toString()), err.toString());
            assertTrue(out.toString().contains("signingKeyId "), out.toString());
            assertEquals(
                    "rw-------",
                    PosixFilePermissions.toString(Files.getPosixFilePermissions(keys.resolve("signing-key.pem"))));

            assertEquals(
                    0,
                    run(
                            "manifest",
                            "sign",
                            "--key",
                            keys.resolve("signing-key.pem").toString(),
                            "--version",
                            "3.0.0",
                            "--sha256",
                            SHA,
                            "--size",
                            "4096"),
                    err.toString());
            JsonObject printed = StrictJson.parseObject(out.toString().trim());
            TrustedKey trusted = TrustedKey.read(keys.resolve("signing-key.pub.pem"));
            assertEquals(trusted.id(), printed.get("signingKeyId").getAsString());
            assertNull(
                    new ManifestVerifier(List.of(trusted))
                            .problem(
                                    new FirmwareManifest("3.0.0", SHA, 4096L),
                                    printed.get("signature").getAsString(),
                                    trusted.id()),
                    alg);
        }
    }

    @Test
    void keygenNeverOverwritesAPrivateKey() {
        assertEquals(0, run("manifest", "keygen", "--alg", "ed25519", "--out", dir.toString()));
        assertEquals(2, run("manifest", "keygen", "--alg", "ed25519", "--out", dir.toString()));
        assertTrue(err.toString().contains("already exists"), err.toString());
    }

    @Test
    void badInputIsOneLineAndExitCodeTwo() throws Exception {
        assertEquals(2, run("manifest", "keygen", "--alg", "rsa", "--out", dir.toString()));
        assertTrue(err.toString().startsWith("error: --alg must be ed25519 or p256"), err.toString());
        assertEquals(0, run("manifest", "keygen", "--alg", "p256", "--out", dir.toString()));
        String key = dir.resolve("signing-key.pem").toString();
        assertEquals(2, run("manifest", "sign", "--key", key, "--version", "3.0.0", "--sha256", "xyz"));
        assertTrue(err.toString().contains("sha256"), err.toString());
        assertEquals(2, run("manifest", "sign", "--key", key, "--sha256", SHA));
        assertTrue(err.toString().contains("--version is required"), err.toString());
        Files.writeString(dir.resolve("garbage.pem"), "not a key");
        assertEquals(
                2,
                run(
                        "manifest",
                        "sign",
                        "--key",
                        dir.resolve("garbage.pem").toString(),
                        "--version",
                        "1",
                        "--sha256",
                        SHA));
        assertTrue(err.toString().contains("PRIVATE KEY"), err.toString());
        assertEquals(0, run("manifest", "--help"));
        assertTrue(out.toString().contains("manifest keygen"));
    }

    @Test
    void deviceRefusesAnUnreadableSigningKeyBeforeConnecting() {
        assertEquals(
                Main.USAGE,
                run(
                        "--connection-string",
                        "HostName=h.example;DeviceId=d;SharedAccessKey=a2V5",
                        "--state-dir",
                        dir.resolve("s").toString(),
                        "--signing-key",
                        dir.resolve("missing.pem").toString()));
        assertTrue(err.toString().contains("missing.pem"), err.toString());
    }
}
