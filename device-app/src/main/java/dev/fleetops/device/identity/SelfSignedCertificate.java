package dev.fleetops.device.identity;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Makes a device's self-signed certificate ({@code CN=deviceId}, EC P-256, client authentication) with its key in the
 * device's state directory. The key is created 0600 and never leaves the directory; only the certificate's
 * thumbprints are needed to register the device ({@code selfSigned}).
 */
public final class SelfSignedCertificate {
    public static final String CERT_FILE = "device-cert.pem";
    public static final String KEY_FILE = "device-key.pem";

    /** Where the files are and what to register. @param sha256 the thumbprint to register; @param sha1 the older form */
    public record Created(Path certFile, Path keyFile, String sha256, String sha1) {}

    private SelfSignedCertificate() {}

    /**
     * Creates the pair in {@code stateDir}, or returns the existing one: a device keeps its identity across restarts.
     *
     * @throws IOException if the files cannot be written
     */
    public static Created createOrLoad(Path stateDir, String deviceId, Duration lifetime) throws IOException {
        Path cert = stateDir.resolve(CERT_FILE);
        Path key = stateDir.resolve(KEY_FILE);
        if (Files.exists(cert) && Files.exists(key)) {
            return describe(cert, key);
        }
        Files.createDirectories(stateDir);
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair keys = g.generateKeyPair();
            X509Certificate c = build(deviceId, keys, lifetime);
            writeOwnerOnly(key, pem(new JcaPKCS8Generator(keys.getPrivate(), null)));
            write(cert, pem(c));
            return new Created(cert, key, thumbprint("SHA-256", c), thumbprint("SHA-1", c));
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("cannot create a device certificate: " + e.getMessage(), e);
        }
    }

    private static Created describe(Path cert, Path key) throws IOException {
        try (var in = Files.newInputStream(cert)) {
            X509Certificate c = (X509Certificate)
                    java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(in);
            return new Created(cert, key, thumbprint("SHA-256", c), thumbprint("SHA-1", c));
        } catch (GeneralSecurityException e) {
            throw new IOException(cert + " is not a PEM certificate");
        }
    }

    public static String thumbprint(String digest, X509Certificate cert) throws GeneralSecurityException {
        return HexFormat.of()
                .withUpperCase()
                .formatHex(MessageDigest.getInstance(digest).digest(cert.getEncoded()));
    }

    private static X509Certificate build(String deviceId, KeyPair keys, Duration lifetime)
            throws GeneralSecurityException, OperatorCreationException, IOException {
        Instant now = Instant.now();
        // Built attribute by attribute: a device id may hold ',', '=' or '+', which a parsed name would split.
        var name = new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.CN, deviceId)
                .build();
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(
                name,
                new BigInteger(64, new SecureRandom()).add(BigInteger.ONE),
                Date.from(now.minus(Duration.ofMinutes(5))),
                Date.from(now.plus(lifetime)),
                name,
                keys.getPublic());
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
        b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
        return new JcaX509CertificateConverter()
                .getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
    }

    private static String pem(Object o) throws IOException {
        StringWriter sw = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(sw)) {
            w.writeObject(o);
        }
        return sw.toString();
    }

    private static void write(Path file, String content) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, content, StandardCharsets.US_ASCII);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Created 0600 before a byte is written, so the key is never readable by others, even briefly. */
    private static void writeOwnerOnly(Path file, String content) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        try {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(tmp);
        }
        Files.writeString(tmp, content, StandardCharsets.US_ASCII);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
