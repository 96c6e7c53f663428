package dev.fleetops.contract.signing;

import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.EdECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.util.Locale;
import java.util.Optional;

/**
 * The two signature schemes a device accepts, both in the JDK (no crypto library on the device):
 * Ed25519 (RFC 8032, 64-byte signatures) and ECDSA on P-256 with SHA-256 (DER-encoded signatures, as
 * OpenSSL and the JDK produce them).
 */
public enum SigningAlgorithm {
    ED25519("ed25519", "Ed25519", "Ed25519"),
    P256("p256", "EC", "SHA256withECDSA");

    private final String cliName;
    private final String keyAlgorithm;
    private final String signatureAlgorithm;

    SigningAlgorithm(String cliName, String keyAlgorithm, String signatureAlgorithm) {
        this.cliName = cliName;
        this.keyAlgorithm = keyAlgorithm;
        this.signatureAlgorithm = signatureAlgorithm;
    }

    public String cliName() {
        return cliName;
    }

    public String keyAlgorithm() {
        return keyAlgorithm;
    }

    public String signatureAlgorithm() {
        return signatureAlgorithm;
    }

    /** {@code ed25519} or {@code p256}, case-insensitive. */
    public static Optional<SigningAlgorithm> fromCliName(String name) {
        for (SigningAlgorithm a : values()) {
            if (a.cliName.equals(name.toLowerCase(Locale.ROOT))) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    public KeyPairGenerator generator() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance(keyAlgorithm);
        if (this == P256) {
            g.initialize(new ECGenParameterSpec("secp256r1"));
        }
        return g;
    }

    /** The algorithm of a public key, if it is an Ed25519 key or an EC key on exactly P-256. */
    public static Optional<SigningAlgorithm> of(PublicKey key) {
        if (key instanceof EdECPublicKey ed && "Ed25519".equals(ed.getParams().getName())) {
            return Optional.of(ED25519);
        }
        if (key instanceof ECPublicKey ec && isP256(ec.getParams())) {
            return Optional.of(P256);
        }
        return Optional.empty();
    }

    private static boolean isP256(ECParameterSpec spec) {
        try {
            AlgorithmParameters p = AlgorithmParameters.getInstance("EC");
            p.init(new ECGenParameterSpec("secp256r1"));
            ECParameterSpec p256 = p.getParameterSpec(ECParameterSpec.class);
            return p256.getCurve().equals(spec.getCurve())
                    && p256.getOrder().equals(spec.getOrder())
                    && p256.getGenerator().equals(spec.getGenerator());
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
