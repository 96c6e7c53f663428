package dev.fleetops.device.manifest;

import dev.fleetops.contract.FirmwareManifest;
import dev.fleetops.contract.signing.Pem;
import dev.fleetops.contract.signing.SigningAlgorithm;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.Objects;

/**
 * A public key the device trusts for firmware manifests.
 *
 * @param id the key's fingerprint ({@link FirmwareManifest#keyId}), which requests may name
 */
public record TrustedKey(String id, SigningAlgorithm algorithm, PublicKey key) {
    public TrustedKey {
        Objects.requireNonNull(id, "'id' cannot be null.");
        Objects.requireNonNull(algorithm, "'algorithm' cannot be null.");
        Objects.requireNonNull(key, "'key' cannot be null.");
    }

    public static TrustedKey of(PublicKey key) {
        SigningAlgorithm alg = SigningAlgorithm.of(key)
                .orElseThrow(() -> new IllegalArgumentException("not an Ed25519 or ECDSA P-256 public key"));
        return new TrustedKey(FirmwareManifest.keyId(key.getEncoded()), alg, key);
    }

    /** @throws IllegalArgumentException if the text is not a PEM public key of a supported algorithm */
    public static TrustedKey fromPem(String pem) {
        return of(Pem.publicKey(pem));
    }

    /** @throws IllegalArgumentException naming the file if it cannot be read or holds no usable key */
    public static TrustedKey read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    "cannot read signing key " + file + " (" + e.getClass().getSimpleName() + ")");
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("signing key " + file + " is not PEM text");
        }
        try {
            return fromPem(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("signing key " + file + ": " + e.getMessage());
        }
    }
}
