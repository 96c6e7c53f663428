package dev.fleetops.localhub.x509;

import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/** The client certificate chain of a TLS session, leaf first; empty when the client sent none. */
public final class PeerCertificates {
    private PeerCertificates() {}

    public static List<X509Certificate> of(SSLSession session) {
        if (session == null) {
            return List.of();
        }
        try {
            List<X509Certificate> out = new ArrayList<>();
            for (Certificate c : session.getPeerCertificates()) {
                if (!(c instanceof X509Certificate x)) {
                    return List.of();
                }
                out.add(x);
            }
            return List.copyOf(out);
        } catch (SSLPeerUnverifiedException e) {
            return List.of();
        }
    }
}
