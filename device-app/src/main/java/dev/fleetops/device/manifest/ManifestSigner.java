package dev.fleetops.device.manifest;

import dev.fleetops.contract.FirmwareManifest;
import dev.fleetops.contract.signing.Pem;
import dev.fleetops.contract.signing.SigningAlgorithm;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;

/**
 * The operator's side of signing: key generation and signing, run on the operator's machine. Private
 * keys never go near the back-end, which only passes the signature through.
 */
public final class ManifestSigner {
    public static final String PRIVATE_FILE = "signing-key.pem";
    public static final String PUBLIC_FILE = "signing-key.pub.pem";

    private final PrivateKey key;
    private final SigningAlgorithm algorithm;

    private ManifestSigner(PrivateKey key, SigningAlgorithm algorithm) {
        this.key = key;
        this.algorithm = algorithm;
    }

    /** @throws IllegalArgumentException if the PEM holds no Ed25519 or P-256 private key */
    public static ManifestSigner fromPem(String pem) {
        PrivateKey k = Pem.privateKey(pem);
        SigningAlgorithm alg = "EC".equals(k.getAlgorithm()) ? SigningAlgorithm.P256 : SigningAlgorithm.ED25519;
        return new ManifestSigner(k, alg);
    }

    /** Base64 signature over {@link FirmwareManifest#canonicalBytes()}. */
    public String sign(FirmwareManifest manifest) {
        try {
            Signature s = Signature.getInstance(algorithm.signatureAlgorithm());
            s.initSign(key);
            s.update(manifest.canonicalBytes());
            return Base64.getEncoder().encodeToString(s.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(
                    "cannot sign with the " + algorithm.cliName() + " key: " + e.getMessage(), e);
        }
    }

    /** A new key pair. */
    public static KeyPair generate(SigningAlgorithm algorithm) {
        try {
            return algorithm.generator().generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK cannot generate " + algorithm.cliName() + " keys", e);
        }
    }

    public static String publicPem(PublicKey k) {
        return Pem.encode(Pem.PUBLIC, k.getEncoded());
    }

    public static String privatePem(PrivateKey k) {
        return Pem.encode(Pem.PRIVATE, k.getEncoded());
    }

    /**
     * Writes {@value #PRIVATE_FILE} (owner-only where the file system allows) and {@value #PUBLIC_FILE}
     * into {@code dir}; refuses to overwrite an existing private key.
     *
     * @return the public key's trusted-key view (id and algorithm)
     */
    public static TrustedKey writeKeyPair(SigningAlgorithm algorithm, Path dir) throws IOException {
        Files.createDirectories(dir);
        Path priv = dir.resolve(PRIVATE_FILE);
        if (Files.exists(priv)) {
            throw new IOException(priv + " already exists; not overwriting a signing key");
        }
        KeyPair pair = generate(algorithm);
        Files.createFile(priv);
        try {
            Files.setPosixFilePermissions(priv, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system; the operator protects the file
        }
        Files.writeString(priv, privatePem(pair.getPrivate()), StandardCharsets.US_ASCII);
        Files.writeString(dir.resolve(PUBLIC_FILE), publicPem(pair.getPublic()), StandardCharsets.US_ASCII);
        return TrustedKey.of(pair.getPublic());
    }

    public SigningAlgorithm algorithm() {
        return algorithm;
    }
}
