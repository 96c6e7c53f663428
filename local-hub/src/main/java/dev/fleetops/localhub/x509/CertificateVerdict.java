package dev.fleetops.localhub.x509;

/** The outcome of checking the certificate a device presented. */
public sealed interface CertificateVerdict {
    record Accepted() implements CertificateVerdict {}

    /** @param reason for the hub's log: names what failed, never key material */
    record Refused(String reason) implements CertificateVerdict {}

    CertificateVerdict ACCEPTED = new Accepted();

    static CertificateVerdict refused(String reason) {
        return new Refused(reason);
    }
}
