package dev.fleetops.device.transport;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/** Builds TLS contexts that trust the JDK's CAs plus, optionally, extra CAs from a PEM file. */
public final class TlsContexts {
    private TlsContexts() {}

    /**
     * A context trusting the JDK default CAs and every certificate in {@code pemFile}.
     *
     * @throws IllegalArgumentException if the file cannot be read or holds no certificate; the message
     *                                  names the file and is fit for the user
     */
    public static SSLContext trustingDefaultsPlus(Path pemFile) {
        List<X509Certificate> extra = readCertificates(pemFile);
        try {
            KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
            ks.load(null, null);
            for (int i = 0; i < extra.size(); i++) {
                ks.setCertificateEntry("extra-ca-" + i, extra.get(i));
            }
            X509TrustManager extraTm = trustManager(ks);
            X509TrustManager defaultTm = trustManager(null);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[] {new EitherTrustManager(defaultTm, extraTm)}, null);
            return ctx;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException(
                    "cannot build TLS trust from CA file " + pemFile + ": " + e.getMessage(), e);
        }
    }

    /**
     * The hub session's context for an X.509 device: it presents the device's certificate chain (TLS client
     * authentication, the SDK's {@code x509=true} path) and trusts the JDK default CAs plus {@code caFile}, if any.
     */
    public static SSLContext withClientCertificate(Path caFile, PrivateKey key, List<X509Certificate> chain) {
        try {
            char[] pw = new char[0];
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("device", key, pw, chain.toArray(new Certificate[0]));
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, pw);
            X509TrustManager defaultTm = trustManager(null);
            TrustManager trust = defaultTm;
            if (caFile != null) {
                KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
                ks.load(null, null);
                List<X509Certificate> extra = readCertificates(caFile);
                for (int i = 0; i < extra.size(); i++) {
                    ks.setCertificateEntry("extra-ca-" + i, extra.get(i));
                }
                trust = new EitherTrustManager(defaultTm, trustManager(ks));
            }
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), new TrustManager[] {trust}, null);
            return ctx;
        } catch (GeneralSecurityException | IOException e) {
            // The message of a key-store failure never holds key bytes; its class says enough.
            throw new IllegalArgumentException(
                    "cannot build the device's TLS identity: " + e.getClass().getSimpleName());
        }
    }

    static List<X509Certificate> readCertificates(Path pemFile) {
        try (InputStream in = Files.newInputStream(pemFile)) {
            Collection<? extends Certificate> certs =
                    CertificateFactory.getInstance("X.509").generateCertificates(in);
            List<X509Certificate> out = new ArrayList<>();
            for (Certificate c : certs) {
                out.add((X509Certificate) c);
            }
            if (out.isEmpty()) {
                throw new IllegalArgumentException("CA file " + pemFile + " contains no certificate");
            }
            return out;
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read CA file " + pemFile + ": " + e.getMessage(), e);
        } catch (CertificateException e) {
            throw new IllegalArgumentException(
                    "CA file " + pemFile + " is not a PEM certificate: " + e.getMessage(), e);
        }
    }

    private static X509TrustManager trustManager(KeyStore ks) throws GeneralSecurityException {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        for (TrustManager tm : tmf.getTrustManagers()) {
            if (tm instanceof X509TrustManager x) {
                return x;
            }
        }
        throw new GeneralSecurityException("no X509TrustManager available");
    }
}
