package dev.fleetops.device.transport;

import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.X509TrustManager;

/** Trusts a server if the first trust manager does, else if the second does. Never trusts clients. */
final class EitherTrustManager implements X509TrustManager {
    private final X509TrustManager first;
    private final X509TrustManager second;

    EitherTrustManager(X509TrustManager first, X509TrustManager second) {
        this.first = first;
        this.second = second;
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("client certificates are not accepted");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        try {
            first.checkServerTrusted(chain, authType);
        } catch (CertificateException e) {
            second.checkServerTrusted(chain, authType);
        }
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        X509Certificate[] a = first.getAcceptedIssuers();
        X509Certificate[] b = second.getAcceptedIssuers();
        X509Certificate[] all = new X509Certificate[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
