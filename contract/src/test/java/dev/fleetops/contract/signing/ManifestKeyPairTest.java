package dev.fleetops.contract.signing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleetops.contract.FirmwareManifest;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.Signature;
import java.util.Base64;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ManifestKeyPairTest {
    private static KeyPair generate(SigningAlgorithm a) throws GeneralSecurityException {
        return a.generator().generateKeyPair();
    }

    private static String pem(KeyPair k) {
        return Pem.encode(Pem.PRIVATE, k.getPrivate().getEncoded())
                + Pem.encode(Pem.PUBLIC, k.getPublic().getEncoded());
    }

    @ParameterizedTest
    @EnumSource(SigningAlgorithm.class)
    void signsWhatADeviceVerifiesAndNamesTheKeyAsDevicesDo(SigningAlgorithm a) throws Exception {
        KeyPair keys = generate(a);
        ManifestKeyPair pair = ManifestKeyPair.fromPem(pem(keys));
        assertEquals(FirmwareManifest.keyId(keys.getPublic().getEncoded()), pair.keyId());
        FirmwareManifest m = new FirmwareManifest(
                "2.1.0", "ab".repeat(32), 640L, new FirmwareManifest.Terms("gw-1", 3, "2027-01-01T00:00:00.000Z"));
        Signature v = Signature.getInstance(a.signatureAlgorithm());
        v.initVerify(keys.getPublic());
        v.update(m.canonicalBytes());
        assertTrue(v.verify(Base64.getDecoder().decode(pair.sign(m))));
    }

    @ParameterizedTest
    @EnumSource(SigningAlgorithm.class)
    void aPublicKeyOfAnotherPairIsRefused(SigningAlgorithm a) throws Exception {
        KeyPair one = generate(a);
        KeyPair other = generate(a);
        String mixed = Pem.encode(Pem.PRIVATE, one.getPrivate().getEncoded())
                + Pem.encode(Pem.PUBLIC, other.getPublic().getEncoded());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ManifestKeyPair.fromPem(mixed));
        assertEquals("the PUBLIC KEY is not the public half of the PRIVATE KEY", e.getMessage());
    }

    @ParameterizedTest
    @EnumSource(SigningAlgorithm.class)
    void aMissingHalfIsNamedAndTheKeyIsNeverEchoed(SigningAlgorithm a) throws Exception {
        KeyPair keys = generate(a);
        String privateOnly = Pem.encode(Pem.PRIVATE, keys.getPrivate().getEncoded());
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> ManifestKeyPair.fromPem(privateOnly));
        assertTrue(e.getMessage().contains("PUBLIC KEY"), e.getMessage());
        String body = privateOnly.split("\n")[1];
        assertFalse(e.getMessage().contains(body), "the key's text in an error");
        assertThrows(
                IllegalArgumentException.class,
                () -> ManifestKeyPair.fromPem(
                        Pem.encode(Pem.PUBLIC, keys.getPublic().getEncoded())));
    }
}
