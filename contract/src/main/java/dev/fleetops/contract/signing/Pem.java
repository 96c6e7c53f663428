package dev.fleetops.contract.signing;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * PEM text of keys: {@code PUBLIC KEY} (X.509 SubjectPublicKeyInfo) and {@code PRIVATE KEY}
 * (unencrypted PKCS#8), the forms {@code openssl genpkey}/{@code openssl pkey -pubout} write.
 */
public final class Pem {
    public static final String PUBLIC = "PUBLIC KEY";
    public static final String PRIVATE = "PRIVATE KEY";

    private Pem() {}

    public static String encode(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    /** @throws IllegalArgumentException if {@code text} holds no block of {@code type} or its base64 is broken */
    public static byte[] decode(String text, String type) {
        String begin = "-----BEGIN " + type + "-----";
        String end = "-----END " + type + "-----";
        int from = text.indexOf(begin);
        int to = from < 0 ? -1 : text.indexOf(end, from);
        if (from < 0 || to < 0) {
            throw new IllegalArgumentException("no '" + begin + "' block");
        }
        try {
            return Base64.getMimeDecoder().decode(text.substring(from + begin.length(), to));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the " + type + " block is not valid base64");
        }
    }

    /** @throws IllegalArgumentException if the key is neither an Ed25519 nor a P-256 public key */
    public static PublicKey publicKey(String text) {
        byte[] der = decode(text, PUBLIC);
        for (SigningAlgorithm a : SigningAlgorithm.values()) {
            try {
                PublicKey k = KeyFactory.getInstance(a.keyAlgorithm()).generatePublic(new X509EncodedKeySpec(der));
                if (SigningAlgorithm.of(k).isPresent()) {
                    return k;
                }
            } catch (GeneralSecurityException | RuntimeException e) {
                // try the next algorithm
            }
        }
        throw new IllegalArgumentException("not an Ed25519 or ECDSA P-256 public key");
    }

    /** @throws IllegalArgumentException if the key is neither an Ed25519 nor a P-256 private key */
    public static PrivateKey privateKey(String text) {
        byte[] der = decode(text, PRIVATE);
        for (SigningAlgorithm a : SigningAlgorithm.values()) {
            try {
                return KeyFactory.getInstance(a.keyAlgorithm()).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException | RuntimeException e) {
                // try the next algorithm
            }
        }
        throw new IllegalArgumentException("not an Ed25519 or ECDSA P-256 private key (unencrypted PKCS#8)");
    }
}
