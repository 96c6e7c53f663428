package dev.fleetops.core.rollout.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.fleetops.contract.FieldError;
import dev.fleetops.contract.Parsed;
import dev.fleetops.contract.StrictJson;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A fleet operation's firmware package carries the manifest signature to every device unchanged. */
class RolloutSignatureTest {
    private static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");

    private static Parsed<RolloutRequest> parse(String firmwareExtra) {
        return RolloutRequest.parse(StrictJson.parseObject("""
                {"action":"firmwareUpdate",
                 "firmware":{"version":"2.0.0","packageUri":"https://cdn.example/fw.bin","sha256":"%s"%s},
                 "target":{"deviceIds":["d-1"]}}""".formatted("a".repeat(64), firmwareExtra)), NOW);
    }

    @Test
    void signatureAndKeyIdArePassedThroughInThePayload() {
        String sig = "B".repeat(86) + "==";
        RolloutRequest r = ((Parsed.Valid<RolloutRequest>)
                        parse(",\"signature\":\"" + sig + "\",\"signingKeyId\":\"00112233aabbccdd\""))
                .value();
        assertEquals(sig, r.actionPayload().get("signature").getAsString());
        assertEquals("00112233aabbccdd", r.actionPayload().get("signingKeyId").getAsString());
    }

    @Test
    void manifestV2FieldsArePassedThroughInThePayload() {
        RolloutRequest r = ((Parsed.Valid<RolloutRequest>) parse(",\"compatibility\":\"contoso-gw-1\","
                        + "\"securityVersion\":4,\"manifestExpiresAt\":\"2026-09-01T00:00:00.000Z\""))
                .value();
        assertEquals("contoso-gw-1", r.actionPayload().get("compatibility").getAsString());
        assertEquals(4, r.actionPayload().get("securityVersion").getAsLong());
        assertEquals(
                "2026-09-01T00:00:00.000Z",
                r.actionPayload().get("manifestExpiresAt").getAsString());
    }

    @Test
    void anIncompleteManifestV2IsNamedByItsPath() {
        List<String> fields = assertInstanceOf(Parsed.Invalid.class, parse(",\"securityVersion\":4")).errors().stream()
                .map(e -> ((FieldError) e).field())
                .toList();
        assertEquals(List.of("firmware.manifestExpiresAt"), fields);
    }

    @Test
    void aMalformedSignatureIsNamedByItsPath() {
        List<String> fields =
                assertInstanceOf(Parsed.Invalid.class, parse(",\"signature\":\"no spaces allowed\"")).errors().stream()
                        .map(e -> ((FieldError) e).field())
                        .toList();
        assertEquals(List.of("firmware.signature"), fields);
    }
}
