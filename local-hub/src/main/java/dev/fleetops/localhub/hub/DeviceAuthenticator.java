package dev.fleetops.localhub.hub;

import dev.fleetops.localhub.auth.SasToken;
import dev.fleetops.localhub.x509.CertificateCheck;
import dev.fleetops.localhub.x509.CertificateVerdict;
import dev.fleetops.localhub.x509.VerifiedCas;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * Checks what a device presents when it connects, as IoT Hub does: a SAS token (the MQTT password) unexpired, for
 * this device's resource URI, signed with either of its keys; or, with no password, the TLS client certificate the
 * device's X.509 credential asks for. Either way the device must be enabled, and a device authenticates only the way
 * its registry entry says.
 */
final class DeviceAuthenticator {
    private final DeviceRegistry registry;
    private final Clock clock;

    private final VerifiedCas verifiedCas;

    DeviceAuthenticator(DeviceRegistry registry, Clock clock, VerifiedCas verifiedCas) {
        this.registry = registry;
        this.clock = clock;
        this.verifiedCas = verifiedCas;
    }

    /** @param chain the TLS client certificates, leaf first (empty for none) */
    CertificateVerdict authenticate(String deviceId, List<X509Certificate> chain) {
        DeviceEntry e = registry.entryOrNull(deviceId);
        if (e == null) {
            return CertificateVerdict.refused("unknown device");
        }
        DeviceIdentity id = e.identity;
        CertificateVerdict verdict;
        if (id.credential() instanceof DeviceCredential.SelfSigned t) {
            verdict =
                    CertificateCheck.selfSigned(chain, t.primaryThumbprint(), t.secondaryThumbprint(), clock.instant());
        } else if (id.credential() instanceof DeviceCredential.CertificateAuthority) {
            verdict = CertificateCheck.caSigned(chain, deviceId, verifiedCas, clock.instant());
        } else {
            verdict = CertificateVerdict.refused("device uses SAS keys and sent no SAS token");
        }
        if (verdict instanceof CertificateVerdict.Accepted && !id.enabled()) {
            return CertificateVerdict.refused("device is disabled");
        }
        return verdict;
    }

    DeviceAuth authenticate(String deviceId, String password) {
        DeviceEntry e = registry.entryOrNull(deviceId);
        if (e == null) {
            return DeviceAuth.UNKNOWN_DEVICE;
        }
        Optional<SasToken> token = SasToken.parse(password);
        if (token.isEmpty() || token.get().isExpired(clock.instant())) {
            return DeviceAuth.BAD_CREDENTIALS;
        }
        String resource = token.get().decodedResource();
        if (!resource.endsWith("/devices/" + deviceId)) {
            return DeviceAuth.UNKNOWN_DEVICE;
        }
        DeviceIdentity id = e.identity;
        if (!(id.credential() instanceof DeviceCredential.SymmetricKeys)) {
            return DeviceAuth.BAD_CREDENTIALS;
        }
        if (!token.get().isSignedWith(id.primaryKey()) && !token.get().isSignedWith(id.secondaryKey())) {
            return DeviceAuth.BAD_CREDENTIALS;
        }
        return id.enabled() ? DeviceAuth.ACCEPTED : DeviceAuth.DISABLED;
    }
}
