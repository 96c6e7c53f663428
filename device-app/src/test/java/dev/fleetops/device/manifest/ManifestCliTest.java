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
                                    new FirmwareManifest(
                                            "3.0.0",
                                            SHA,
                                            4096L,
                                            new FirmwareManifest.Terms(
                                                    null,
                                                    0,
                                                    printed.get("manifestExpiresAt")
                                                            .getAsString())),
                                    printed.get("signature").getAsString(),
                                    trusted.id()),
                    alg);
        }
    }

    @Test
    void signSignsAV2ManifestWithModelSecurityVersionAndExpiry() throws Exception {
        assertEquals(0, run("manifest", "keygen", "--alg", "ed25519", "--out", dir.toString()));
        java.time.Instant before = java.time.Instant.now();
        assertEquals(
                0,
                run(
                        "manifest",
                        "sign",
                        "--key",
                        dir.resolve("signing-key.pem").toString(),
                        "--version",
                        "3.0.0",
                        "--sha256",
                        SHA,
                        "--compatibility",
                        "contoso-gw-1",
                        "--security-version",
                        "4",
                        "--expires-in-days",
                        "7"),
                err.toString());
        JsonObject printed = StrictJson.parseObject(out.toString().trim());
        assertEquals("contoso-gw-1", printed.get("compatibility").getAsString());
        assertEquals(4, printed.get("securityVersion").getAsLong());
        java.time.Instant expires =
                java.time.Instant.parse(printed.get("manifestExpiresAt").getAsString());
        assertTrue(
                !expires.isBefore(before.plus(java.time.Duration.ofDays(7)).minusSeconds(1))
                        && expires.isBefore(java.time.Instant.now()
                                .plus(java.time.Duration.ofDays(7))
                                .plusSeconds(1)),
                "expires 7 days from now: " + expires);
        // The printed fields are exactly what the request carries; parsed back, they verify.
        JsonObject request = printed.deepCopy();
        request.addProperty("version", "3.0.0");
        request.addProperty("packageUri", "https://cdn.example/fw.bin");
        request.addProperty("sha256", SHA);
        dev.fleetops.contract.FirmwareUpdateRequest r =
                (dev.fleetops.contract.FirmwareUpdateRequest) ((dev.fleetops.contract.Parsed.Valid<?>)
                                dev.fleetops.contract.FirmwareUpdateRequest.parse(request, true))
                        .value();
        TrustedKey trusted = TrustedKey.read(dir.resolve("signing-key.pub.pem"));
        assertNull(new ManifestVerifier(List.of(trusted)).problem(r.manifest(), r.signature(), r.signingKeyId()));
        assertEquals(
                2,
                run(
                        "manifest",
                        "sign",
                        "--key",
                        dir.resolve("signing-key.pem").toString(),
                        "--version",
                        "3",
                        "--sha256",
                        SHA,
                        "--security-version",
                        "-1"));
        assertTrue(err.toString().contains("--security-version"), err.toString());
        assertEquals(
                2,
                run(
                        "manifest",
                        "sign",
                        "--key",
                        dir.resolve("signing-key.pem").toString(),
                        "--version",
                        "3",
                        "--sha256",
                        SHA,
                        "--expires-in-days",
                        "0"));
        assertTrue(err.toString().contains("--expires-in-days"), err.toString());
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
