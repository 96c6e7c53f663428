package dev.fleetops.testkit.tls;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Date;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A freshly generated self-signed certificate for 127.0.0.1 (its own CA, valid a day either side of now)
 * and the server TLS context that presents it; {@link #caPem()} is the certificate as a PEM file, which a
 * client is told to trust as the device app is with {@code --ca-file}.
 */
public final class SelfSignedTls {
    private static final char[] KEY_PASSWORD = "test".toCharArray();

    private final SSLContext serverContext;
    private final Path caPem;

    private SelfSignedTls(SSLContext serverContext, Path caPem) {
        this.serverContext = serverContext;
        this.caPem = caPem;
    }

    /** Generates the key and certificate, and writes the certificate to {@code dir/test-ca.pem}. */
    public static SelfSignedTls create(Path dir) throws IOException {
        try {
            KeyPair kp = KeyPairGenerator.getInstance("EC").generateKeyPair();
            X509Certificate cert = certificate(kp);
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("server", kp.getPrivate(), KEY_PASSWORD, new Certificate[] {cert});
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, KEY_PASSWORD);
            SSLContext server = SSLContext.getInstance("TLS");
            server.init(kmf.getKeyManagers(), null, null);
            Path pem = Files.writeString(dir.resolve("test-ca.pem"), pem(cert));
            return new SelfSignedTls(server, pem);
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("cannot make a test certificate", e);
        }
    }

    private static X509Certificate certificate(KeyPair kp)
            throws CertIOException, OperatorCreationException, GeneralSecurityException {
        X500Name name = new X500Name("CN=127.0.0.1");
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(
                name,
                BigInteger.valueOf(now.toEpochMilli()),
                Date.from(now.minus(1, ChronoUnit.DAYS)),
                Date.from(now.plus(1, ChronoUnit.DAYS)),
                name,
                kp.getPublic());
        b.addExtension(
                Extension.subjectAlternativeName,
                false,
                new GeneralNames(new GeneralName(GeneralName.iPAddress, "127.0.0.1")));
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        return new JcaX509CertificateConverter()
                .getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(kp.getPrivate())));
    }

    private static String pem(X509Certificate cert) throws GeneralSecurityException {
        StringWriter pem = new StringWriter();
        pem.write("-----BEGIN CERTIFICATE-----\n");
        pem.write(Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(cert.getEncoded()));
        pem.write("\n-----END CERTIFICATE-----\n");
        return pem.toString();
    }

    /** The server side: presents the certificate. */
    public SSLContext serverContext() {
        return serverContext;
    }

    /** The certificate as a PEM file, for clients to trust. */
    public Path caPem() {
        return caPem;
    }
}
