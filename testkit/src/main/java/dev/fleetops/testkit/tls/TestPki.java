package dev.fleetops.testkit.tls;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Test certificates for X.509 devices: CAs, device certificates they issue, self-signed device certificates, with
 * any validity period (expired ones included). EC P-256 keys: quick to generate.
 */
public final class TestPki {
    private static final SecureRandom RANDOM = new SecureRandom();

    private TestPki() {}

    /** A certificate and its key. */
    public record Issued(X509Certificate certificate, KeyPair keys) {
        /**
         * Writes {@code name.pem} (the certificate, then {@code chain}) and {@code name-key.pem} (PKCS#8, 0600).
         *
         * @return the certificate file; the key file is beside it
         */
        public Path write(Path dir, String name, X509Certificate... chain) throws IOException {
            Files.createDirectories(dir);
            StringBuilder certs = new StringBuilder(pem(certificate));
            for (X509Certificate c : chain) {
                certs.append(pem(c));
            }
            Path cert = Files.writeString(dir.resolve(name + ".pem"), certs);
            Path key = dir.resolve(name + "-key.pem");
            Files.deleteIfExists(key);
            Files.createFile(key, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(key, pem(new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(keys.getPrivate(), null)));
            return cert;
        }
    }

    /** A root CA valid from an hour ago for a year. */
    public static Issued ca(String cn) {
        KeyPair keys = keys();
        return new Issued(
                build(
                        cn,
                        keys,
                        new X500Name("CN=" + cn),
                        keys,
                        true,
                        Instant.now().minus(Duration.ofHours(1)),
                        Duration.ofDays(365)),
                keys);
    }

    /** A self-signed end-entity certificate, valid from an hour ago for a day. */
    public static Issued selfSigned(String cn) {
        return selfSigned(cn, Instant.now().minus(Duration.ofHours(1)), Duration.ofDays(1));
    }

    public static Issued selfSigned(String cn, Instant notBefore, Duration lifetime) {
        KeyPair keys = keys();
        return new Issued(build(cn, keys, new X500Name("CN=" + cn), keys, false, notBefore, lifetime), keys);
    }

    /** An end-entity certificate for {@code cn} issued by {@code issuer}, valid from an hour ago for a day. */
    public static Issued issued(String cn, Issued issuer) {
        return issued(cn, issuer, false, Instant.now().minus(Duration.ofHours(1)), Duration.ofDays(1));
    }

    public static Issued issued(String cn, Issued issuer, boolean isCa, Instant notBefore, Duration lifetime) {
        KeyPair keys = keys();
        X500Name issuerName = X500Name.getInstance(
                issuer.certificate().getSubjectX500Principal().getEncoded());
        return new Issued(build(cn, keys, issuerName, issuer.keys(), isCa, notBefore, lifetime), keys);
    }

    public static String pem(Object o) {
        StringWriter sw = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(sw)) {
            w.writeObject(o);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return sw.toString();
    }

    private static X509Certificate build(
            String cn,
            KeyPair subject,
            X500Name issuer,
            KeyPair issuerKeys,
            boolean isCa,
            Instant notBefore,
            Duration lifetime) {
        try {
            JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(
                    issuer,
                    new BigInteger(64, RANDOM).add(BigInteger.ONE),
                    Date.from(notBefore),
                    Date.from(notBefore.plus(lifetime)),
                    new X500Name("CN=" + cn),
                    subject.getPublic());
            b.addExtension(
                    Extension.basicConstraints, true, isCa ? new BasicConstraints(1) : new BasicConstraints(false));
            b.addExtension(
                    Extension.keyUsage,
                    true,
                    new KeyUsage(isCa ? KeyUsage.keyCertSign | KeyUsage.cRLSign : KeyUsage.digitalSignature));
            return new JcaX509CertificateConverter()
                    .getCertificate(
                            b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKeys.getPrivate())));
        } catch (Exception e) {
            throw new IllegalStateException("cannot make a test certificate", e);
        }
    }

    private static KeyPair keys() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
