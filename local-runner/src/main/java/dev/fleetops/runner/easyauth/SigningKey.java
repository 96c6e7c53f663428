package dev.fleetops.runner.easyauth;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.UUID;

/**
 * The local stand-in for Entra ID's signing keys: one HMAC-SHA256 key, with the issuer, audience and tenant the local
 * tokens carry, in {@code <state dir>/easyauth-signing-key.json}. The runner verifies tokens with it and
 * {@code StackTool token} signs them; whichever starts first creates it. The file is created 0600 (its directory
 * 0700) and appears atomically, so a reader never sees half a key.
 */
public record SigningKey(byte[] secret, String issuer, String audience, String tenantId) {
    public static final String FILE_NAME = "easyauth-signing-key.json";
    /** Not a real host: these tokens mean nothing outside this machine. */
    public static final String ISSUER = "https://login.local-runner.invalid/fleetops/v2.0";
    /** What the Bicep's allowedAudiences holds in Azure: api://<client id>. */
    public static final String AUDIENCE = "api://fleetops-local";

    public SigningKey {
        if (secret == null || secret.length < 32) {
            throw new IllegalArgumentException("'secret' must have at least 32 bytes");
        }
        secret = secret.clone();
    }

    @Override
    public byte[] secret() {
        return secret.clone();
    }

    /** Reads the key of {@code stateDir}, creating the directory and a new random key if there is none yet. */
    public static SigningKey loadOrCreate(Path stateDir) {
        Path file = stateDir.resolve(FILE_NAME);
        try {
            if (!Files.exists(file)) {
                create(stateDir, file);
            }
            return read(file);
        } catch (IOException | RuntimeException e) {
            throw new UncheckedIOException(
                    "Cannot read or create the local signing key " + file + ": " + e.getMessage(),
                    e instanceof IOException io ? io : new IOException(e));
        }
    }

    private static void create(Path stateDir, Path file) throws IOException {
        if (!Files.isDirectory(stateDir)) {
            Files.createDirectories(
                    stateDir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        JsonObject json = new JsonObject();
        json.addProperty("alg", "HS256");
        json.addProperty("key", Base64.getUrlEncoder().withoutPadding().encodeToString(secret));
        json.addProperty("issuer", ISSUER);
        json.addProperty("audience", AUDIENCE);
        json.addProperty("tenantId", UUID.randomUUID().toString());
        Path temp = Files.createTempFile(
                stateDir,
                ".signing-key",
                ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            Files.writeString(temp, json + "\n", StandardCharsets.UTF_8);
            // link() fails if the name exists, unlike rename(): two processes creating at once keep the first key.
            Files.createLink(file, temp);
        } catch (FileAlreadyExistsException e) {
            // Another process won; use its key.
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static SigningKey read(Path file) throws IOException {
        JsonObject json = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8))
                .getAsJsonObject();
        if (!"HS256".equals(json.get("alg").getAsString())) {
            throw new IOException("unsupported alg in " + file);
        }
        return new SigningKey(
                Base64.getUrlDecoder().decode(json.get("key").getAsString()),
                json.get("issuer").getAsString(),
                json.get("audience").getAsString(),
                json.get("tenantId").getAsString());
    }
}
