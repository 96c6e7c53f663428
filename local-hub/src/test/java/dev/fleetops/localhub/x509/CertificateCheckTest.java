package dev.fleetops.localhub.x509;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleetops.testkit.tls.TestPki;
import dev.fleetops.testkit.tls.TestPki.Issued;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The hub's X.509 decision on real certificates (no mocks): thumbprints, CN, chains, validity. */
class CertificateCheckTest {
    private static final Instant NOW = Instant.now();
    private static final Issued ROOT = TestPki.ca("Fleet Root CA");

    private final Issued device = TestPki.selfSigned("dev1");

    private static VerifiedCas trusting(Issued... cas) {
        VerifiedCas v = new VerifiedCas();
        for (Issued ca : cas) {
            v.add(ca.certificate());
        }
        return v;
    }

    private static String reason(CertificateVerdict v) {
        return assertInstanceOf(CertificateVerdict.Refused.class, v).reason();
    }

    // ---- selfSigned ---------------------------------------------------------------------------

    @Test
    void selfSignedMatchesTheSha1OrSha256ThumbprintInEitherSlot() {
        X509Certificate cert = device.certificate();
        List<X509Certificate> chain = List.of(cert);
        String sha1 = Thumbprints.sha1(cert);
        String sha256 = Thumbprints.sha256(cert);
        assertEquals(40, sha1.length());
        assertEquals(64, sha256.length());
        assertEquals(CertificateVerdict.ACCEPTED, CertificateCheck.selfSigned(chain, sha1, null, NOW));
        assertEquals(CertificateVerdict.ACCEPTED, CertificateCheck.selfSigned(chain, null, sha256, NOW));
        assertEquals(
                CertificateVerdict.ACCEPTED,
                CertificateCheck.selfSigned(
                        chain, Thumbprints.sha1(TestPki.selfSigned("x").certificate()), sha1, NOW));
    }

    @Test
    void selfSignedWithAnotherCertificatesThumbprintIsRefused() {
        String other = Thumbprints.sha256(TestPki.selfSigned("dev1").certificate());
        assertTrue(reason(CertificateCheck.selfSigned(List.of(device.certificate()), other, null, NOW))
                .contains("thumbprint"));
    }

    @Test
    void selfSignedOutsideItsValidityIsRefusedEvenWithTheRightThumbprint() {
        Issued expired = TestPki.selfSigned("dev1", NOW.minus(Duration.ofDays(3)), Duration.ofDays(1));
        String thumb = Thumbprints.sha256(expired.certificate());
        assertTrue(reason(CertificateCheck.selfSigned(List.of(expired.certificate()), thumb, null, NOW))
                .contains("expired"));
        Issued future = TestPki.selfSigned("dev1", NOW.plus(Duration.ofDays(1)), Duration.ofDays(1));
        assertTrue(reason(CertificateCheck.selfSigned(
                        List.of(future.certificate()), Thumbprints.sha1(future.certificate()), null, NOW))
                .contains("not valid before"));
    }

    @Test
    void noCertificateOrAnAbsurdChainIsRefused() {
        String thumb = Thumbprints.sha1(device.certificate());
        assertTrue(
                reason(CertificateCheck.selfSigned(List.of(), thumb, null, NOW)).contains("no client certificate"));
        List<X509Certificate> long9 = Collections.nCopies(CertificateCheck.MAX_CHAIN + 1, device.certificate());
        assertTrue(reason(CertificateCheck.selfSigned(long9, thumb, null, NOW)).contains("longer"));
    }

    // ---- certificateAuthority -------------------------------------------------------------------

    @Test
    void caSignedLeafForTheDeviceIdIsAccepted() {
        Issued leaf = TestPki.issued("dev1", ROOT);
        assertEquals(
                CertificateVerdict.ACCEPTED,
                CertificateCheck.caSigned(List.of(leaf.certificate()), "dev1", trusting(ROOT), NOW));
        // Devices often send the root along; that changes nothing.
        assertEquals(
                CertificateVerdict.ACCEPTED,
                CertificateCheck.caSigned(
                        List.of(leaf.certificate(), ROOT.certificate()), "dev1", trusting(ROOT), NOW));
    }

    @Test
    void anIntermediateTheDeviceSendsCompletesTheChain() {
        Issued intermediate =
                TestPki.issued("Fleet Intermediate", ROOT, true, NOW.minus(Duration.ofHours(1)), Duration.ofDays(30));
        Issued leaf = TestPki.issued("dev1", intermediate);
        List<X509Certificate> chain = List.of(leaf.certificate(), intermediate.certificate());
        assertEquals(CertificateVerdict.ACCEPTED, CertificateCheck.caSigned(chain, "dev1", trusting(ROOT), NOW));
        assertTrue(reason(CertificateCheck.caSigned(List.of(leaf.certificate()), "dev1", trusting(ROOT), NOW))
                .contains("does not verify"));
    }

    @Test
    void aCnOtherThanTheDeviceIdIsRefused() {
        Issued leaf = TestPki.issued("dev2", ROOT);
        assertTrue(reason(CertificateCheck.caSigned(List.of(leaf.certificate()), "dev1", trusting(ROOT), NOW))
                .contains("CN is not the device id"));
    }

    @Test
    void anUnknownCaIsRefused() {
        Issued otherRoot = TestPki.ca("Someone Else's CA");
        Issued leaf = TestPki.issued("dev1", otherRoot);
        assertTrue(reason(CertificateCheck.caSigned(
                        List.of(leaf.certificate(), otherRoot.certificate()), "dev1", trusting(ROOT), NOW))
                .contains("does not verify to a verified CA"));
        assertTrue(reason(CertificateCheck.caSigned(List.of(leaf.certificate()), "dev1", new VerifiedCas(), NOW))
                .contains("no verified CA"));
    }

    @Test
    void aSelfSignedCertificateWithTheDeviceIdAsCnIsNotCaSigned() {
        assertTrue(reason(CertificateCheck.caSigned(List.of(device.certificate()), "dev1", trusting(ROOT), NOW))
                .contains("does not verify"));
    }

    @Test
    void anExpiredLeafOrIntermediateIsRefused() {
        Issued expiredLeaf = TestPki.issued("dev1", ROOT, false, NOW.minus(Duration.ofDays(10)), Duration.ofDays(1));
        assertTrue(reason(CertificateCheck.caSigned(List.of(expiredLeaf.certificate()), "dev1", trusting(ROOT), NOW))
                .contains("expired"));
        Issued oldIntermediate =
                TestPki.issued("Old Intermediate", ROOT, true, NOW.minus(Duration.ofDays(10)), Duration.ofDays(1));
        Issued leaf = TestPki.issued("dev1", oldIntermediate);
        assertTrue(reason(CertificateCheck.caSigned(
                        List.of(leaf.certificate(), oldIntermediate.certificate()), "dev1", trusting(ROOT), NOW))
                .contains("does not verify"));
    }

    @Test
    void theDeviceCannotPresentTheCaItselfOrAnEndEntityAsIssuer() {
        assertTrue(reason(CertificateCheck.caSigned(List.of(ROOT.certificate()), "Fleet Root CA", trusting(ROOT), NOW))
                .contains("CA certificate"));
        // A leaf of the verified CA "issuing" another leaf: PKIX refuses a non-CA issuer.
        Issued leaf = TestPki.issued("gateway", ROOT);
        Issued forged = TestPki.issued("dev1", leaf);
        assertTrue(reason(CertificateCheck.caSigned(
                        List.of(forged.certificate(), leaf.certificate()), "dev1", trusting(ROOT), NOW))
                .contains("does not verify"));
    }

    // ---- helpers ------------------------------------------------------------------------------

    @Test
    void registeredThumbprintsAreCanonicalisedAndJunkIsRejected() {
        String sha1 = Thumbprints.sha1(device.certificate());
        assertEquals(sha1, Thumbprints.normalize(sha1.toLowerCase()));
        assertEquals(sha1, Thumbprints.normalize(sha1.replaceAll("(..)(?!$)", "$1:")));
        assertNull(Thumbprints.normalize("AAAA"));
        assertNull(Thumbprints.normalize("Z".repeat(40)));
        assertNull(Thumbprints.normalize("A".repeat(10_000)));
    }

    @Test
    void onlyCaCertificatesCanBeVerifiedCas() {
        assertThrows(IllegalArgumentException.class, () -> new VerifiedCas().add(device.certificate()));
    }

    @Test
    void theCommonNameIsTheSubjectsOnlyCn() {
        assertEquals("dev1", CertificateCheck.commonName(device.certificate()));
    }
}
