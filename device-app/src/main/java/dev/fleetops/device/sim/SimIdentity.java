package dev.fleetops.device.sim;

import dev.fleetops.device.config.ConfigException;
import dev.fleetops.device.config.ConnectionString;
import dev.fleetops.device.identity.DeviceCertificate;
import dev.fleetops.device.identity.SelfSignedCertificate;
import dev.fleetops.device.transport.TlsContexts;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import javax.net.ssl.SSLContext;

/**
 * How one simulated device authenticates: its connection string and, for an X.509 device, the hub session's TLS
 * context that presents its certificate.
 *
 * @param hubTls null for a SAS device (the shared context serves it)
 */
record SimIdentity(String connectionString, SSLContext hubTls) {
    static final Duration CERT_LIFETIME = Duration.ofDays(365);

    static SimIdentity sas(HubConfig.Device d) {
        return new SimIdentity(d.connectionString(), null);
    }

    /**
     * Makes (or reuses, after a restart) the device's self-signed certificate in its state directory, registers its
     * SHA-256 thumbprint in the hub and loads it back as the device app's {@code --cert-file/--key-file} would, with
     * the same checks (key 0600, key matches certificate). The key is read from the state directory only.
     *
     * @throws IOException     when the files cannot be written or the hub refuses the registration
     * @throws ConfigException when the device's connection string or the written files are unusable
     */
    static SimIdentity x509(HubConfig.Device d, Path stateDir, Path caFile, HubRegistry registry)
            throws IOException, ConfigException {
        ConnectionString cs = ConnectionString.parse(d.connectionString());
        SelfSignedCertificate.Created cert = SelfSignedCertificate.createOrLoad(stateDir, d.deviceId(), CERT_LIFETIME);
        registry.registerSelfSigned(d.deviceId(), cert.sha256());
        DeviceCertificate id = DeviceCertificate.load(cert.certFile(), cert.keyFile());
        return new SimIdentity(
                "HostName=" + cs.hostName() + ";DeviceId=" + d.deviceId() + ";x509=true",
                TlsContexts.withClientCertificate(caFile, id.key(), id.chain()));
    }
}
