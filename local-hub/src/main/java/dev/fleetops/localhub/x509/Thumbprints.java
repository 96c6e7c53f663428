package dev.fleetops.localhub.x509;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Certificate thumbprints: the hex SHA-1 or SHA-256 of the DER certificate. IoT Hub accepts either for
 * {@code selfSigned} devices (the Azure CLI has computed SHA-256 since 0.25.0; older tools and the portal SHA-1).
 */
public final class Thumbprints {
    private static final Pattern HEX = Pattern.compile("[0-9A-Fa-f]{40}|[0-9A-Fa-f]{64}");

    private Thumbprints() {}

    /**
     * A registered thumbprint in canonical form (upper-case hex), or null if it is not 40 or 64 hex digits.
     * Colons are tolerated because {@code openssl x509 -fingerprint} prints them.
     */
    public static String normalize(String value) {
        if (value == null) {
            return null;
        }
        String hex = value.length() <= 200 ? value.trim().replace(":", "") : value;
        return HEX.matcher(hex).matches() ? hex.toUpperCase(Locale.ROOT) : null;
    }

    public static String sha1(X509Certificate cert) {
        return digest("SHA-1", cert);
    }

    public static String sha256(X509Certificate cert) {
        return digest("SHA-256", cert);
    }

    /** Whether {@code registered} (canonical, or null) is the SHA-1 or SHA-256 thumbprint of {@code cert}. */
    static boolean matches(X509Certificate cert, String registered) {
        if (registered == null) {
            return false;
        }
        String presented = registered.length() == 40 ? sha1(cert) : sha256(cert);
        // Thumbprints are public, but comparing in constant time costs nothing.
        return MessageDigest.isEqual(presented.getBytes(), registered.getBytes());
    }

    private static String digest(String algorithm, X509Certificate cert) {
        try {
            byte[] d = MessageDigest.getInstance(algorithm).digest(cert.getEncoded());
            return HexFormat.of().withUpperCase().formatHex(d);
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalStateException("cannot compute a " + algorithm + " thumbprint", e);
        }
    }
}
