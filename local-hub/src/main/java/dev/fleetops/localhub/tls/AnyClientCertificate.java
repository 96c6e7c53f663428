package dev.fleetops.localhub.tls;

import io.netty.handler.ssl.util.SimpleTrustManagerFactory;
import java.net.Socket;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.ManagerFactoryParameters;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Trust for the device listener's client certificates: every chain passes the TLS handshake, because self-signed
 * device certificates chain to nothing; the CONNECT check decides (see {@link TlsMaterial#deviceServerContext()}).
 * Server-side only: used as a client's trust it refuses everything.
 */
final class AnyClientCertificate extends X509ExtendedTrustManager {
    static final SimpleTrustManagerFactory FACTORY = new SimpleTrustManagerFactory() {
        private final TrustManager[] managers = {new AnyClientCertificate()};

        @Override
        protected void engineInit(KeyStore keyStore) {}

        @Override
        protected void engineInit(ManagerFactoryParameters params) {}

        @Override
        protected TrustManager[] engineGetTrustManagers() {
            return managers.clone();
        }
    };

    private static final X509Certificate[] NO_ISSUERS = new X509Certificate[0];

    private AnyClientCertificate() {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("the device listener's trust is not for servers");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        checkServerTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        checkServerTrusted(chain, authType);
    }

    /** Empty: the CertificateRequest names no CA, so a device offers its certificate whoever issued it. */
    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return NO_ISSUERS.clone();
    }
}
