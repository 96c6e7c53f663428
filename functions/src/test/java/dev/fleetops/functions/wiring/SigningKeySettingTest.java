package dev.fleetops.functions.wiring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleetops.contract.FirmwareManifest;
import dev.fleetops.contract.signing.Pem;
import dev.fleetops.contract.signing.SigningAlgorithm;
import dev.fleetops.functions.settings.SettingsException;
import java.security.KeyPair;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** FIRMWARE_SIGNING_KEY: optional, a PEM pair, one line with \n escapes too, and never echoed when wrong. */
class SigningKeySettingTest {
    private final KeyPair keys = generate();

    private static KeyPair generate() {
        try {
            return SigningAlgorithm.P256.generator().generateKeyPair();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private String pem() {
        return Pem.encode(Pem.PRIVATE, keys.getPrivate().getEncoded())
                + Pem.encode(Pem.PUBLIC, keys.getPublic().getEncoded());
    }

    @Test
    void unsetMeansNoSigning() {
        assertNull(AppServices.signingKey(Map.of()));
        assertNull(AppServices.signingKey(Map.of("FIRMWARE_SIGNING_KEY", " ")));
    }

    @Test
    void aPemPairOnSeveralLinesOrOneLineWithEscapes() {
        String id = FirmwareManifest.keyId(keys.getPublic().getEncoded());
        assertEquals(
                id,
                AppServices.signingKey(Map.of("FIRMWARE_SIGNING_KEY", pem())).keyId());
        assertEquals(
                id,
                AppServices.signingKey(Map.of("FIRMWARE_SIGNING_KEY", pem().replace("\n", "\\n")))
                        .keyId());
    }

    @Test
    void anUnresolvedKeyVaultReferenceSaysSo() {
        SettingsException e = assertThrows(
                SettingsException.class,
                () -> AppServices.signingKey(Map.of(
                        "FIRMWARE_SIGNING_KEY",
                        "@Microsoft.KeyVault(SecretUri=https://v.vault.azure.net/secrets/fw-signing/)")));
        assertTrue(e.getMessage().contains("unresolved Key Vault reference"), e.getMessage());
    }

    @Test
    void aBrokenKeyIsRefusedWithoutShowingIt() {
        String privateOnly = Pem.encode(Pem.PRIVATE, keys.getPrivate().getEncoded());
        SettingsException e = assertThrows(
                SettingsException.class, () -> AppServices.signingKey(Map.of("FIRMWARE_SIGNING_KEY", privateOnly)));
        assertTrue(e.getMessage().startsWith("FIRMWARE_SIGNING_KEY is not a usable signing key"), e.getMessage());
        assertFalse(e.getMessage().contains(privateOnly.split("\n")[1]), "the key in an error");
    }
}
