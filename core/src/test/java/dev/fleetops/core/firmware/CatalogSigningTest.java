package dev.fleetops.core.firmware;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleetops.contract.FirmwareManifest;
import dev.fleetops.contract.StrictJson;
import dev.fleetops.contract.signing.ManifestKeyPair;
import dev.fleetops.contract.signing.SigningAlgorithm;
import dev.fleetops.core.audit.AuditActor;
import dev.fleetops.core.audit.AuditContext;
import dev.fleetops.core.audit.Auditor;
import dev.fleetops.core.firmware.FirmwareCatalogService.Signing;
import dev.fleetops.core.rollout.service.InMemoryRolloutStore;
import dev.fleetops.core.rollout.service.RolloutPackageUsage;
import java.security.KeyPair;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** FleetOps signing a catalog version with its configured key: who may, what is signed, what is never replaced. */
class CatalogSigningTest {
    private static final String SHA = "cd".repeat(32);
    private final Clock clock = Clock.fixed(Instant.parse("2026-12-03T10:00:00Z"), ZoneOffset.UTC);
    private final InMemoryCatalog store = new InMemoryCatalog();
    private final KeyPair keys = generate();
    private final ManifestKeyPair key = ManifestKeyPair.of(keys.getPrivate(), keys.getPublic());
    private final AuditContext ada = person("oid-ada", "ada");
    private final AuditContext ben = person("oid-ben", "ben");

    private static KeyPair generate() {
        try {
            return SigningAlgorithm.ED25519.generator().generateKeyPair();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static AuditContext person(String oid, String name) {
        return new AuditContext(
                new AuditActor(oid, name, "user", List.of("FleetOps.Admin")),
                dev.fleetops.core.audit.RequestIds.NONE,
                "SignFirmware",
                w -> {});
    }

    private FirmwareCatalogService catalog(ManifestKeyPair signingKey) {
        return new FirmwareCatalogService(
                store,
                store,
                new RolloutPackageUsage(new InMemoryRolloutStore()),
                new CatalogSettings(1 << 20, Duration.ofMinutes(30), Duration.ofMinutes(60)),
                clock,
                Auditor.NONE,
                signingKey);
    }

    private void readyVersion(FirmwareCatalogService c, String body) {
        c.register(StrictJson.parse(body), ada);
        store.stored.put("2.1.0/package.bin", new Measurement.Measured(640, SHA));
        assertInstanceOf(FirmwareCatalogService.Completion.Ready.class, c.complete("2.1.0", ada));
    }

    @Test
    void aSecondPersonSignsTheMeasuredManifestWithTheConfiguredKey() throws Exception {
        FirmwareCatalogService c = catalog(key);
        readyVersion(
                c,
                "{\"name\":\"n\",\"version\":\"2.1.0\",\"compatibility\":\"gw-1\",\"securityVersion\":4,"
                        + "\"manifestExpiresAt\":\"2027-06-30T00:00:00.000Z\"}");
        FirmwareEntry signed =
                assertInstanceOf(Signing.Signed.class, c.sign("2.1.0", ben)).entry();
        assertEquals(key.keyId(), signed.signingKeyId());
        assertEquals("ben (oid-ben)", signed.signedBy());
        FirmwareManifest expected = new FirmwareManifest(
                "2.1.0", SHA, 640L, new FirmwareManifest.Terms("gw-1", 4, "2027-06-30T00:00:00.000Z"));
        Signature v = Signature.getInstance("Ed25519");
        v.initVerify(keys.getPublic());
        v.update(expected.canonicalBytes());
        assertTrue(v.verify(Base64.getDecoder().decode(signed.signature())), "over the measured hash, size and terms");
        assertEquals(signed, store.get("2.1.0").orElseThrow(), "stored");
        assertEquals(
                signed.signature(),
                signed.updatePayload("https://x/p").get("signature").getAsString());
    }

    @Test
    void theRegistrarCannotSignTheirOwnUpload() {
        FirmwareCatalogService c = catalog(key);
        readyVersion(c, "{\"name\":\"n\",\"version\":\"2.1.0\"}");
        assertInstanceOf(Signing.OwnRegistration.class, c.sign("2.1.0", ada));
        assertNull(store.get("2.1.0").orElseThrow().signature());
    }

    @Test
    void aSignatureIsNeverReplaced() {
        FirmwareCatalogService c = catalog(key);
        readyVersion(c, "{\"name\":\"n\",\"version\":\"2.1.0\"}");
        FirmwareEntry first =
                assertInstanceOf(Signing.Signed.class, c.sign("2.1.0", ben)).entry();
        assertInstanceOf(Signing.AlreadySigned.class, c.sign("2.1.0", person("oid-cy", "cy")));
        assertEquals(first, store.get("2.1.0").orElseThrow());
    }

    @Test
    void onlyAReadyVersionIsSignedAndOnlyWithAKey() {
        FirmwareCatalogService c = catalog(key);
        c.register(StrictJson.parse("{\"name\":\"n\",\"version\":\"3.0.0\"}"), ada);
        assertInstanceOf(Signing.NotReady.class, c.sign("3.0.0", ben));
        assertInstanceOf(Signing.NotFound.class, c.sign("9.9.9", ben));
        readyVersion(catalog(null), "{\"name\":\"n\",\"version\":\"2.1.0\"}");
        assertInstanceOf(Signing.NotConfigured.class, catalog(null).sign("2.1.0", ben));
    }
}
