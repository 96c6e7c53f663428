package dev.fleetops.localhub.x509;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/** Reads the certificates of a PEM file, for configuration; every failure is one line naming the file. */
public final class PemCertificates {
    private PemCertificates() {}

    /** @throws IllegalArgumentException if the file cannot be read or holds no certificate */
    public static List<X509Certificate> read(Path pem) {
        try (InputStream in = Files.newInputStream(pem)) {
            List<X509Certificate> out = new ArrayList<>();
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                out.add((X509Certificate) c);
            }
            if (out.isEmpty()) {
                throw new IllegalArgumentException(pem + " holds no certificate");
            }
            return out;
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + pem + ": " + e.getMessage(), e);
        } catch (CertificateException | ClassCastException e) {
            throw new IllegalArgumentException(pem + " is not a PEM certificate file", e);
        }
    }
}
