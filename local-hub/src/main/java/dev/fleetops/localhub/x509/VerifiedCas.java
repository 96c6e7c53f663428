package dev.fleetops.localhub.x509;

import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The hub's verified CA certificates, IoT Hub's "Certificates" blade: {@code certificateAuthority} devices are
 * accepted only with a chain to one of these. IoT Hub verifies a CA by proof of possession before it trusts it; here
 * whoever configures the hub is trusted to add only CAs they own. Thread-safe.
 */
public final class VerifiedCas {
    private final List<X509Certificate> cas = new CopyOnWriteArrayList<>();

    /** @throws IllegalArgumentException if the certificate is not a CA certificate (basic constraints) */
    public void add(X509Certificate ca) {
        if (ca.getBasicConstraints() < 0) {
            throw new IllegalArgumentException(
                    "'" + ca.getSubjectX500Principal().getName()
                            + "' is not a CA certificate (no basicConstraints CA:TRUE)");
        }
        if (!cas.contains(ca)) {
            cas.add(ca);
        }
    }

    public List<X509Certificate> certificates() {
        return List.copyOf(cas);
    }

    Set<TrustAnchor> anchors() {
        Set<TrustAnchor> out = new HashSet<>();
        for (X509Certificate c : cas) {
            out.add(new TrustAnchor(c, null));
        }
        return out;
    }

    boolean isEmpty() {
        return cas.isEmpty();
    }
}
