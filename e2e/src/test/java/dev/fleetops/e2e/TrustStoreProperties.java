package dev.fleetops.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;

/**
 * Points the JVM's default trust store at one CA, as {@code -Djavax.net.ssl.trustStore} does for a user. The Azure
 * SDK's HTTP client trusts the JVM's trust store, so this is how FleetOps' Blob client trusts a local HTTPS Azurite;
 * it reads it once per JVM, hence {@link SharedTls}.
 */
final class TrustStoreProperties {
    private TrustStoreProperties() {}

    static void trustOnly(Path caPem, Path store) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        try (var in = Files.newInputStream(caPem)) {
            ks.setCertificateEntry(
                    "local-ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        try (var out = Files.newOutputStream(store)) {
            ks.store(out, "changeit".toCharArray());
        }
        System.setProperty("javax.net.ssl.trustStore", store.toString());
        System.setProperty("javax.net.ssl.trustStoreType", "PKCS12");
        System.setProperty("javax.net.ssl.trustStorePassword", "changeit");
    }
}
