package dev.fleetops.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class FirmwareManifestTest {
    private static final String SHA = "ab".repeat(32);

    private static Parsed<FirmwareUpdateRequest> parse(String extra) {
        return FirmwareUpdateRequest.parse(
                StrictJson.parse("{\"version\":\"2.1.0\",\"packageUri\":\"https://cdn.example/fw.bin\","
                        + "\"sha256\":\"" + SHA + "\",\"sizeBytes\":1024" + extra + "}"),
                true);
    }

    private static List<String> errorFields(Parsed<?> p) {
        return assertInstanceOf(Parsed.Invalid.class, p).errors().stream()
                .map(e -> ((FieldError) e).field())
                .toList();
    }

    @Test
    void canonicalBytesAreTheDocumentedLinesAndLeaveTheUriOut() {
        assertEquals(
                "fleetops-firmware-manifest-v1\nversion=2.1.0\nsha256=" + SHA + "\nsizeBytes=1024\n",
                new String(new FirmwareManifest("2.1.0", SHA, 1024L).canonicalBytes(), StandardCharsets.UTF_8));
        assertEquals(
                "fleetops-firmware-manifest-v1\nversion=2.1.0\nsha256=" + SHA + "\nsizeBytes=\n",
                new String(new FirmwareManifest("2.1.0", SHA, null).canonicalBytes(), StandardCharsets.UTF_8));
    }

    @Test
    void requestCarriesSignatureAndKeyIdIntoItsManifest() {
        String sig = "A".repeat(86) + "==";
        FirmwareUpdateRequest r = (FirmwareUpdateRequest) assertInstanceOf(
                        Parsed.Valid.class,
                        parse(",\"signature\":\"" + sig + "\",\"signingKeyId\":\"0123456789abcdef\""))
                .value();
        assertEquals(sig, r.signature());
        assertEquals("0123456789abcdef", r.signingKeyId());
        assertEquals(new FirmwareManifest("2.1.0", SHA, 1024L), r.manifest());
        assertEquals(sig, r.withOperationId("op-9").signature());
    }

    @Test
    void signatureIsOptional() {
        FirmwareUpdateRequest r = (FirmwareUpdateRequest)
                assertInstanceOf(Parsed.Valid.class, parse("")).value();
        assertNull(r.signature());
        assertNull(r.signingKeyId());
        assertTrue(!StrictJson.GSON.toJson(r).contains("signature"), "absent signature stays off the wire");
    }

    @Test
    void signatureMustBeBoundedBase64() {
        assertEquals(List.of("signature"), errorFields(parse(",\"signature\":\"not base64!\"")));
        assertEquals(List.of("signature"), errorFields(parse(",\"signature\":\"abc\"")));
        assertEquals(List.of("signature"), errorFields(parse(",\"signature\":\"" + "A".repeat(516) + "\"")));
        assertEquals(List.of("signature"), errorFields(parse(",\"signature\":42")));
    }

    @Test
    void keyIdMustBeAFingerprintAndComeWithASignature() {
        assertEquals(List.of("signingKeyId"), errorFields(parse(",\"signature\":\"AAAA\",\"signingKeyId\":\"KEY-1\"")));
        assertEquals(List.of("signingKeyId"), errorFields(parse(",\"signingKeyId\":\"0123456789abcdef\"")));
    }

    @Test
    void keyIdIsSixteenHexCharactersOfTheKeysHash() {
        String id = FirmwareManifest.keyId(new byte[] {1, 2, 3});
        assertEquals(16, id.length());
        assertEquals("039058c6f2c0cb49", id); // SHA-256(01 02 03) starts 03 90 58 c6 f2 c0 cb 49
    }

    @Test
    void v2CanonicalBytesAddTheTermsUnderTheirOwnHeader() {
        FirmwareManifest m = new FirmwareManifest(
                "2.1.0", SHA, 1024L, new FirmwareManifest.Terms("contoso-gw-1", 7, "2026-09-01T00:00:00.000Z"));
        assertEquals(
                "fleetops-firmware-manifest-v2\nversion=2.1.0\nsha256=" + SHA + "\nsizeBytes=1024\n"
                        + "compatibility=contoso-gw-1\nsecurityVersion=7\nexpiresAt=2026-09-01T00:00:00.000Z\n",
                new String(m.canonicalBytes(), StandardCharsets.UTF_8));
        FirmwareManifest anyModel = new FirmwareManifest(
                "2.1.0", SHA, null, new FirmwareManifest.Terms(null, 0, "2026-09-01T00:00:00.000Z"));
        assertEquals(
                "fleetops-firmware-manifest-v2\nversion=2.1.0\nsha256=" + SHA + "\nsizeBytes=\n"
                        + "compatibility=\nsecurityVersion=0\nexpiresAt=2026-09-01T00:00:00.000Z\n",
                new String(anyModel.canonicalBytes(), StandardCharsets.UTF_8));
        assertEquals(0, new FirmwareManifest("2.1.0", SHA, 1024L).securityVersion(), "v1 counts as security version 0");
    }

    @Test
    void requestWithV2FieldsHasAV2Manifest() {
        FirmwareUpdateRequest r = (FirmwareUpdateRequest) assertInstanceOf(
                        Parsed.Valid.class,
                        parse(",\"compatibility\":\"contoso-gw-1\",\"securityVersion\":3,"
                                + "\"manifestExpiresAt\":\"2026-09-01T00:00:00.000Z\""))
                .value();
        assertEquals(
                new FirmwareManifest(
                        "2.1.0", SHA, 1024L, new FirmwareManifest.Terms("contoso-gw-1", 3, "2026-09-01T00:00:00.000Z")),
                r.manifest());
        assertEquals(r.manifest(), r.withOperationId("op-1").manifest());
    }

    @Test
    void v2FieldsAreCheckedAndComeTogether() {
        assertEquals(List.of("manifestExpiresAt"), errorFields(parse(",\"securityVersion\":1")));
        assertEquals(
                List.of("securityVersion", "manifestExpiresAt"), errorFields(parse(",\"compatibility\":\"gw-1\"")));
        assertEquals(
                List.of("securityVersion"),
                errorFields(parse(",\"securityVersion\":-1,\"manifestExpiresAt\":\"2026-09-01T00:00:00.000Z\"")));
        // Only the one timestamp form: the signed bytes must not depend on how a tool prints an instant.
        assertEquals(
                List.of("manifestExpiresAt"),
                errorFields(parse(",\"securityVersion\":1,\"manifestExpiresAt\":\"2026-09-01T00:00:00Z\"")));
        assertEquals(
                List.of("compatibility"),
                errorFields(parse(",\"compatibility\":\"gw 1\",\"securityVersion\":1,"
                        + "\"manifestExpiresAt\":\"2026-09-01T00:00:00.000Z\"")));
    }
}
