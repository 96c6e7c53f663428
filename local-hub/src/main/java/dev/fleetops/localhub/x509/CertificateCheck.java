package dev.fleetops.localhub.x509;

import java.security.GeneralSecurityException;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Set;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/**
 * Decides whether a presented certificate chain (leaf first, as TLS delivers it) authenticates a device. TLS has
 * already proved the client holds the leaf's private key; this decides whether that key is the device's.
 */
public final class CertificateCheck {
    /** Real chains are two to four certificates; anything longer is refused before any work is done. */
    static final int MAX_CHAIN = 8;

    private CertificateCheck() {}

    /**
     * A {@code selfSigned} device: the leaf's SHA-1 or SHA-256 thumbprint equals the primary or the secondary one,
     * and the leaf is within its validity period. The chain is not verified, as on IoT Hub.
     *
     * @param primary   canonical thumbprint ({@link Thumbprints#normalize}), or null
     * @param secondary likewise
     */
    public static CertificateVerdict selfSigned(
            List<X509Certificate> chain, String primary, String secondary, Instant now) {
        CertificateVerdict shape = checkShape(chain);
        if (shape != null) {
            return shape;
        }
        X509Certificate leaf = chain.get(0);
        if (!Thumbprints.matches(leaf, primary) && !Thumbprints.matches(leaf, secondary)) {
            return CertificateVerdict.refused("certificate thumbprint matches neither registered thumbprint");
        }
        return validity(leaf, now);
    }

    /**
     * A {@code certificateAuthority} device: the leaf's subject CN is the device id and the chain verifies (PKIX,
     * every certificate in date, CA constraints) to one of the verified CAs. Revocation is not checked: the local
     * hub is offline and IoT Hub does not check it either.
     */
    public static CertificateVerdict caSigned(
            List<X509Certificate> chain, String deviceId, VerifiedCas cas, Instant now) {
        CertificateVerdict shape = checkShape(chain);
        if (shape != null) {
            return shape;
        }
        X509Certificate leaf = chain.get(0);
        String cn = commonName(leaf);
        if (cn == null) {
            return CertificateVerdict.refused("certificate subject has no single CN");
        }
        if (!cn.equals(deviceId)) {
            return CertificateVerdict.refused("certificate subject CN is not the device id");
        }
        CertificateVerdict dates = validity(leaf, now);
        if (dates instanceof CertificateVerdict.Refused) {
            return dates;
        }
        if (cas.isEmpty()) {
            return CertificateVerdict.refused("no verified CA certificate is configured");
        }
        return chainToVerifiedCa(chain, cas.anchors(), now);
    }

    /** The one CN of the subject, or null when it has none or several. */
    static String commonName(X509Certificate cert) {
        try {
            String cn = null;
            for (Rdn rdn : new LdapName(cert.getSubjectX500Principal().getName()).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    if (cn != null || !(rdn.getValue() instanceof String s)) {
                        return null;
                    }
                    cn = s;
                }
            }
            return cn;
        } catch (InvalidNameException | RuntimeException e) {
            return null;
        }
    }

    private static CertificateVerdict checkShape(List<X509Certificate> chain) {
        if (chain == null || chain.isEmpty()) {
            return CertificateVerdict.refused("no client certificate presented");
        }
        if (chain.size() > MAX_CHAIN) {
            return CertificateVerdict.refused("certificate chain longer than " + MAX_CHAIN);
        }
        return null;
    }

    private static CertificateVerdict validity(X509Certificate cert, Instant now) {
        try {
            cert.checkValidity(Date.from(now));
            return CertificateVerdict.ACCEPTED;
        } catch (CertificateExpiredException e) {
            return CertificateVerdict.refused(
                    "certificate expired at " + cert.getNotAfter().toInstant());
        } catch (CertificateNotYetValidException e) {
            return CertificateVerdict.refused(
                    "certificate not valid before " + cert.getNotBefore().toInstant());
        }
    }

    private static CertificateVerdict chainToVerifiedCa(
            List<X509Certificate> chain, Set<TrustAnchor> anchors, Instant now) {
        // A client may send its root too; PKIX wants the path without the anchor.
        List<X509Certificate> path = new ArrayList<>();
        for (X509Certificate c : chain) {
            if (anchors.stream().noneMatch(a -> a.getTrustedCert().equals(c))) {
                path.add(c);
            }
        }
        if (path.isEmpty()) {
            return CertificateVerdict.refused("the device presented a CA certificate, not its own");
        }
        try {
            CertPath certPath = CertificateFactory.getInstance("X.509").generateCertPath(path);
            PKIXParameters params = new PKIXParameters(anchors);
            params.setRevocationEnabled(false);
            params.setDate(Date.from(now));
            CertPathValidator.getInstance("PKIX").validate(certPath, params);
            return CertificateVerdict.ACCEPTED;
        } catch (CertPathValidatorException e) {
            return CertificateVerdict.refused("certificate chain does not verify to a verified CA (" + reason(e) + ")");
        } catch (GeneralSecurityException | RuntimeException e) {
            return CertificateVerdict.refused(
                    "certificate chain cannot be checked: " + e.getClass().getSimpleName());
        }
    }

    // The validator's messages quote certificate subjects (client-chosen text); its reason code does not.
    private static String reason(CertPathValidatorException e) {
        return e.getReason() == null ? "invalid" : e.getReason().toString().toLowerCase(java.util.Locale.ROOT);
    }
}
