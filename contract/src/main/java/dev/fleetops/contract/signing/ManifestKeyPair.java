package dev.fleetops.contract.signing;

import dev.fleetops.contract.FirmwareManifest;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;
import java.util.Objects;

/**
 * A signing key with its public half: signs manifests and names the key as devices do ({@link
 * FirmwareManifest#keyId}). Built only from a pair that belongs together, checked by signing and verifying a probe, so
 * a mismatched pair fails when it is loaded, not on devices.
 */
public final class ManifestKeyPair {
    private static final byte[] PROBE = "fleetops-signing-key-check".getBytes(StandardCharsets.US_ASCII);

    private final PrivateKey privateKey;
    private final PublicKey publicKey;
    private final SigningAlgorithm algorithm;
    private final String keyId;

    private ManifestKeyPair(PrivateKey privateKey, PublicKey publicKey, SigningAlgorithm algorithm) {
        this.privateKey = privateKey;
        this.publicKey = publicKey;
        this.algorithm = algorithm;
        this.keyId = FirmwareManifest.keyId(publicKey.getEncoded());
    }

    /**
     * Both halves from one PEM text: a {@code PRIVATE KEY} block (unencrypted PKCS#8) and its {@code PUBLIC KEY} block,
     * as {@code cat signing-key.pem signing-key.pub.pem} gives them.
     *
     * @throws IllegalArgumentException saying what is missing or wrong, never echoing the key
     */
    public static ManifestKeyPair fromPem(String text) {
        Objects.requireNonNull(text, "'text' cannot be null.");
        return of(Pem.privateKey(text), Pem.publicKey(text));
    }

    /** @throws IllegalArgumentException if the keys are not an Ed25519 or P-256 pair that belongs together */
    public static ManifestKeyPair of(PrivateKey privateKey, PublicKey publicKey) {
        SigningAlgorithm algorithm = SigningAlgorithm.of(publicKey)
                .orElseThrow(() -> new IllegalArgumentException("not an Ed25519 or ECDSA P-256 public key"));
        ManifestKeyPair pair = new ManifestKeyPair(privateKey, publicKey, algorithm);
        if (!pair.verifies(PROBE, pair.signBytes(PROBE))) {
            throw new IllegalArgumentException("the PUBLIC KEY is not the public half of the PRIVATE KEY");
        }
        return pair;
    }

    /** The key's id, which devices compare with a request's {@code signingKeyId}. */
    public String keyId() {
        return keyId;
    }

    public SigningAlgorithm algorithm() {
        return algorithm;
    }

    /** Base64 detached signature over {@link FirmwareManifest#canonicalBytes()}. */
    public String sign(FirmwareManifest manifest) {
        return Base64.getEncoder().encodeToString(signBytes(manifest.canonicalBytes()));
    }

    private byte[] signBytes(byte[] data) {
        try {
            Signature s = Signature.getInstance(algorithm.signatureAlgorithm());
            s.initSign(privateKey);
            s.update(data);
            return s.sign();
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new IllegalArgumentException("cannot sign with the " + algorithm.cliName() + " key ("
                    + e.getClass().getSimpleName() + ")");
        }
    }

    private boolean verifies(byte[] data, byte[] signature) {
        try {
            Signature s = Signature.getInstance(algorithm.signatureAlgorithm());
            s.initVerify(publicKey);
            s.update(data);
            return s.verify(signature);
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }
}
