package dev.fleetops.localhub.tls;

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The hub's certificates: a local CA and a server certificate it signs, with SANs for
 * {@code localhost} and {@code 127.0.0.1} (the Java SDKs verify host names). Generated on first
 * start into the state directory and reused afterwards, so clients keep trusting the same CA.
 */
public final class TlsMaterial {
    public static final String CA_FILE = "ca.pem";
    private static final String CA_KEY_FILE = "ca-key.pem";
    private static final String SERVER_FILE = "server.pem";
    private static final String SERVER_KEY_FILE = "server-key.pem";
    private static final Duration CA_LIFETIME = Duration.ofDays(3650);
    private static final Duration SERVER_LIFETIME = Duration.ofDays(825);

    private final X509Certificate ca;
    private final X509Certificate server;
    private final PrivateKey serverKey;
    private final Path caFile;

    private TlsMaterial(X509Certificate ca, X509Certificate server, PrivateKey serverKey, Path caFile) {
        this.ca = ca;
        this.server = server;
        this.serverKey = serverKey;
        this.caFile = caFile;
    }

    /**
     * Loads the certificates from {@code dir}, or creates them there.
     *
     * @param extraNames additional DNS names or IPs for the server certificate
     */
    public static TlsMaterial loadOrCreate(Path dir, List<String> extraNames) {
        try {
            Files.createDirectories(dir);
            Path caPem = dir.resolve(CA_FILE);
            if (Files.exists(caPem)
                    && Files.exists(dir.resolve(SERVER_FILE))
                    && Files.exists(dir.resolve(SERVER_KEY_FILE))) {
                return new TlsMaterial(
                        readCert(caPem),
                        readCert(dir.resolve(SERVER_FILE)),
                        readKey(dir.resolve(SERVER_KEY_FILE)),
                        caPem);
            }
            KeyPair caKeys = rsa();
            X509Certificate ca = caCertificate(caKeys);
            KeyPair serverKeys = rsa();
            X509Certificate server = serverCertificate(serverKeys, ca, caKeys.getPrivate(), extraNames);
            writePrivate(dir.resolve(CA_KEY_FILE), pem(caKeys.getPrivate()));
            writePrivate(dir.resolve(SERVER_KEY_FILE), pem(serverKeys.getPrivate()));
            write(dir.resolve(SERVER_FILE), pem(server) + pem(ca));
            write(caPem, pem(ca));
            return new TlsMaterial(ca, server, serverKeys.getPrivate(), caPem);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("cannot create TLS certificates: " + e.getMessage(), e);
        }
    }

    public Path caFile() {
        return caFile;
    }

    public X509Certificate caCertificate() {
        return ca;
    }

    /** Netty server context for the MQTT and HTTPS listeners. */
    public SslContext serverContext() {
        try {
            return SslContextBuilder.forServer(serverKey, server, ca)
                    .protocols("TLSv1.3", "TLSv1.2")
                    .build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The MQTT/TLS listener's context: as {@link #serverContext()}, and it asks clients for a certificate without
     * requiring one (SAS devices send none). Any client certificate passes the handshake, as on IoT Hub: the
     * handshake proves the client holds the certificate's key, and whether that key is a device's is decided per
     * device at CONNECT against the registry (thumbprint, or chain to a verified CA).
     */
    public SslContext deviceServerContext() {
        try {
            return SslContextBuilder.forServer(serverKey, server, ca)
                    .protocols("TLSv1.3", "TLSv1.2")
                    .clientAuth(ClientAuth.OPTIONAL)
                    .trustManager(AnyClientCertificate.FACTORY)
                    .build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A JDK server context with the hub's certificate, for other local HTTPS servers that clients
     * already trust through the hub's CA (e.g. a firmware package server in tests and demos).
     */
    public SSLContext serverSslContext() {
        try {
            java.security.KeyStore ks = java.security.KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            char[] pw = "local".toCharArray();
            ks.setKeyEntry("server", serverKey, pw, new java.security.cert.Certificate[] {server, ca});
            javax.net.ssl.KeyManagerFactory kmf =
                    javax.net.ssl.KeyManagerFactory.getInstance(javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, pw);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), null, new SecureRandom());
            return ctx;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A client context trusting only this hub's CA (tests, tools). */
    public SSLContext clientContext() {
        try {
            java.security.KeyStore ks = java.security.KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setCertificateEntry("local-hub-ca", ca);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), new SecureRandom());
            return ctx;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair rsa() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        return g.generateKeyPair();
    }

    private static X509Certificate caCertificate(KeyPair keys)
            throws GeneralSecurityException, IOException, OperatorCreationException {
        X500Name name = new X500Name("CN=FleetOps Local Hub CA,O=FleetOps");
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(
                name,
                serial(),
                Date.from(now.minus(Duration.ofHours(1))),
                Date.from(now.plus(CA_LIFETIME)),
                name,
                keys.getPublic());
        JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
        b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        b.addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(keys.getPublic()));
        return sign(b, keys.getPrivate());
    }

    private static X509Certificate serverCertificate(
            KeyPair keys, X509Certificate ca, PrivateKey caKey, List<String> extraNames)
            throws GeneralSecurityException, IOException, OperatorCreationException {
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(
                ca,
                serial(),
                Date.from(now.minus(Duration.ofHours(1))),
                Date.from(now.plus(SERVER_LIFETIME)),
                new X500Name("CN=localhost,O=FleetOps Local Hub"),
                keys.getPublic());
        List<GeneralName> names = new ArrayList<>();
        names.add(new GeneralName(GeneralName.dNSName, "localhost"));
        names.add(new GeneralName(GeneralName.iPAddress, "127.0.0.1"));
        names.add(new GeneralName(GeneralName.iPAddress, "::1"));
        for (String n : extraNames) {
            names.add(isIp(n) ? new GeneralName(GeneralName.iPAddress, n) : new GeneralName(GeneralName.dNSName, n));
        }
        JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
        b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names.toArray(new GeneralName[0])));
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
        b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
        b.addExtension(Extension.authorityKeyIdentifier, false, utils.createAuthorityKeyIdentifier(ca));
        return sign(b, caKey);
    }

    private static boolean isIp(String s) {
        return s.matches("[0-9.]+") || s.contains(":");
    }

    private static X509Certificate sign(JcaX509v3CertificateBuilder b, PrivateKey key)
            throws OperatorCreationException, GeneralSecurityException {
        ContentSigner signer = new JcaContentSignerBuilder("SHA256withRSA").build(key);
        X509CertificateHolder holder = b.build(signer);
        return new JcaX509CertificateConverter().getCertificate(holder);
    }

    private static BigInteger serial() {
        return new BigInteger(64, new SecureRandom()).abs().add(BigInteger.ONE);
    }

    private static String pem(Object o) throws IOException {
        StringWriter sw = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(sw)) {
            w.writeObject(o);
        }
        return sw.toString();
    }

    private static X509Certificate readCert(Path file) throws IOException, GeneralSecurityException {
        try (PEMParser p = new PEMParser(new StringReader(Files.readString(file)))) {
            return new JcaX509CertificateConverter().getCertificate((X509CertificateHolder) p.readObject());
        }
    }

    private static PrivateKey readKey(Path file) throws IOException {
        try (PEMParser p = new PEMParser(new StringReader(Files.readString(file)))) {
            Object o = p.readObject();
            JcaPEMKeyConverter conv = new JcaPEMKeyConverter();
            return o instanceof PEMKeyPair kp
                    ? conv.getKeyPair(kp).getPrivate()
                    : conv.getPrivateKey((org.bouncycastle.asn1.pkcs.PrivateKeyInfo) o);
        }
    }

    private static void write(Path file, String content) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, content, StandardCharsets.US_ASCII);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static void writePrivate(Path file, String content) throws IOException {
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
