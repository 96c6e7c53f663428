package dev.fleetops.device.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleetops.contract.DeviceErrorCodes;
import dev.fleetops.contract.ErrorInfo;
import dev.fleetops.contract.FirmwareManifest;
import dev.fleetops.contract.signing.SigningAlgorithm;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ManifestVerifierTest {
    private static final FirmwareManifest MANIFEST = new FirmwareManifest("2.1.0", "ab".repeat(32), 1024L);

    private record Keys(KeyPair pair, ManifestSigner signer, TrustedKey trusted) {
        static Keys of(SigningAlgorithm alg) {
            KeyPair pair = ManifestSigner.generate(alg);
            return new Keys(
                    pair,
                    ManifestSigner.fromPem(ManifestSigner.privatePem(pair.getPrivate())),
                    TrustedKey.fromPem(ManifestSigner.publicPem(pair.getPublic())));
        }
    }

    private static String code(ErrorInfo e) {
        return e == null ? null : e.code();
    }

    @ParameterizedTest
    @EnumSource(SigningAlgorithm.class)
    void goodSignatureVerifiesWithOrWithoutTheKeyId(SigningAlgorithm alg) {
        Keys k = Keys.of(alg);
        ManifestVerifier v = new ManifestVerifier(List.of(k.trusted()));
        String sig = k.signer().sign(MANIFEST);
        assertEquals(alg, k.trusted().algorithm());
        assertNull(v.problem(MANIFEST, sig, k.trusted().id()));
        assertNull(v.problem(MANIFEST, sig, null));
    }

    @ParameterizedTest
    @EnumSource(SigningAlgorithm.class)
    void tamperedVersionHashOrSizeFails(SigningAlgorithm alg) {
        Keys k = Keys.of(alg);
        ManifestVerifier v = new ManifestVerifier(List.of(k.trusted()));
        String sig = k.signer().sign(MANIFEST);
        assertEquals(
                DeviceErrorCodes.SIGNATURE_INVALID,
                code(v.problem(new FirmwareManifest("2.1.1", MANIFEST.sha256(), 1024L), sig, null)));
        assertEquals(
                DeviceErrorCodes.SIGNATURE_INVALID,
                code(v.problem(new FirmwareManifest("2.1.0", "cd".repeat(32), 1024L), sig, null)));
        assertEquals(
                DeviceErrorCodes.SIGNATURE_INVALID,
                code(v.problem(new FirmwareManifest("2.1.0", MANIFEST.sha256(), null), sig, null)));
    }

    @ParameterizedTest
    @EnumSource(SigningAlgorithm.class)
    void signatureByAnotherKeyFails(SigningAlgorithm alg) {
        Keys trusted = Keys.of(alg);
        Keys other = Keys.of(alg);
        ManifestVerifier v = new ManifestVerifier(List.of(trusted.trusted()));
        ErrorInfo e = v.problem(MANIFEST, other.signer().sign(MANIFEST), null);
        assertEquals(DeviceErrorCodes.SIGNATURE_INVALID, code(e));
        assertTrue(e.message().contains("2.1.0"), e.message());
        assertEquals(
                DeviceErrorCodes.UNKNOWN_SIGNING_KEY,
                code(v.problem(
                        MANIFEST, other.signer().sign(MANIFEST), other.trusted().id())));
    }

    @Test
    void rotationTrustsEveryConfiguredKeyAndTheKeyIdPicksOne() {
        Keys old = Keys.of(SigningAlgorithm.P256);
        Keys fresh = Keys.of(SigningAlgorithm.ED25519);
        ManifestVerifier v = new ManifestVerifier(List.of(old.trusted(), fresh.trusted()));
        assertNull(v.problem(MANIFEST, old.signer().sign(MANIFEST), null));
        assertNull(v.problem(
                MANIFEST, fresh.signer().sign(MANIFEST), fresh.trusted().id()));
        assertEquals(
                DeviceErrorCodes.SIGNATURE_INVALID,
                code(v.problem(
                        MANIFEST, old.signer().sign(MANIFEST), fresh.trusted().id())),
                "a signature is only tried against the key it names");
    }

    @Test
    void missingOrGarbledSignatureFailsOnlyWhenKeysAreConfigured() {
        Keys k = Keys.of(SigningAlgorithm.ED25519);
        ManifestVerifier v = new ManifestVerifier(List.of(k.trusted()));
        assertEquals(DeviceErrorCodes.SIGNATURE_MISSING, code(v.problem(MANIFEST, null, null)));
        assertEquals(DeviceErrorCodes.SIGNATURE_INVALID, code(v.problem(MANIFEST, "AAAA", null)), "wrong length");
        assertEquals(DeviceErrorCodes.SIGNATURE_INVALID, code(v.problem(MANIFEST, "%%%", null)), "not base64");
        String p256Sig = Keys.of(SigningAlgorithm.P256).signer().sign(MANIFEST);
        assertEquals(
                DeviceErrorCodes.SIGNATURE_INVALID,
                code(v.problem(MANIFEST, p256Sig, null)),
                "DER ECDSA bytes to an Ed25519 key");

        assertFalse(ManifestVerifier.ALLOW_UNSIGNED.required());
        assertNull(
                ManifestVerifier.ALLOW_UNSIGNED.problem(MANIFEST, null, null), "no keys: signatures are not required");
    }

    @Test
    void malformedOrUnsupportedKeysAreRefusedWithAReason() throws Exception {
        assertThrows(IllegalArgumentException.class, () -> TrustedKey.fromPem("hello"));
        assertThrows(
                IllegalArgumentException.class,
                () -> TrustedKey.fromPem("-----BEGIN PUBLIC KEY-----\n!!!\n-----END PUBLIC KEY-----\n"));
        assertThrows(
                IllegalArgumentException.class,
                () -> TrustedKey.fromPem("-----BEGIN PUBLIC KEY-----\n"
                        + Base64.getEncoder().encodeToString(new byte[40]) + "\n-----END PUBLIC KEY-----\n"));
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(1024);
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> TrustedKey.fromPem(
                        ManifestSigner.publicPem(rsa.generateKeyPair().getPublic())));
        assertTrue(e.getMessage().contains("Ed25519 or ECDSA P-256"), e.getMessage());
        KeyPairGenerator p384 = KeyPairGenerator.getInstance("EC");
        p384.initialize(new ECGenParameterSpec("secp384r1"));
        assertThrows(
                IllegalArgumentException.class,
                () -> TrustedKey.fromPem(
                        ManifestSigner.publicPem(p384.generateKeyPair().getPublic())),
                "only P-256 among the EC curves");
        assertThrows(
                IllegalArgumentException.class,
                () -> ManifestSigner.fromPem(ManifestSigner.publicPem(
                        ManifestSigner.generate(SigningAlgorithm.ED25519).getPublic())),
                "a public key cannot sign");
    }
}
