package dev.fleetops.runner.easyauth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.fleetops.runner.easyauth.LocalTokens.Verification;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalTokensTest {
    private static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");
    private static final String OID = "8f0c6a4e-2b1d-4c3e-9f5a-1b2c3d4e5f60";

    @TempDir
    Path state;

    private SigningKey key() {
        return SigningKey.loadOrCreate(state);
    }

    private static LocalTokens at(SigningKey key, Instant now) {
        return new LocalTokens(key, Clock.fixed(now, ZoneOffset.UTC));
    }

    private String token(SigningKey key, Duration lifetime) {
        return at(key, NOW)
                .sign(new TokenClaims("alice", OID, List.of("FleetOps.Admin"), lifetime, false).toJson(key, NOW));
    }

    private static String invalid(Verification v) {
        return assertInstanceOf(Verification.Invalid.class, v).reason();
    }

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aSignedTokenVerifiesWithItsClaims() {
        SigningKey key = key();
        JsonObject claims = assertInstanceOf(
                        Verification.Valid.class,
                        at(key, NOW.plusSeconds(30)).verify(token(key, Duration.ofMinutes(60))))
                .claims();
        assertEquals("alice", claims.get("name").getAsString());
        assertEquals(OID, claims.get("oid").getAsString());
        assertEquals("FleetOps.Admin", claims.getAsJsonArray("roles").get(0).getAsString());
        assertEquals(SigningKey.AUDIENCE, claims.get("aud").getAsString());
        assertEquals(key.tenantId(), claims.get("tid").getAsString());
        assertEquals("user_impersonation", claims.get("scp").getAsString());
    }

    @Test
    void lifetimeIsEnforcedToTheSecond() {
        SigningKey key = key();
        String token = token(key, Duration.ofMinutes(1));
        assertInstanceOf(Verification.Valid.class, at(key, NOW.plusSeconds(59)).verify(token));
        assertEquals(
                "expired or without exp", invalid(at(key, NOW.plusSeconds(60)).verify(token)));
        assertEquals("not yet valid", invalid(at(key, NOW.minusSeconds(1)).verify(token)));
    }

    @Test
    void anyChangeBreaksTheSignature() {
        SigningKey key = key();
        String[] parts = token(key, Duration.ofMinutes(5)).split("\\.");
        String forgedClaims =
                new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8).replace("alice", "mallory");
        assertEquals(
                "bad signature", invalid(at(key, NOW).verify(parts[0] + "." + b64(forgedClaims) + "." + parts[2])));
        SigningKey other = SigningKey.loadOrCreate(state.resolve("other"));
        assertEquals("bad signature", invalid(at(other, NOW).verify(String.join(".", parts))));
    }

    @Test
    void onlyHs256IsAccepted() {
        SigningKey key = key();
        String[] parts = token(key, Duration.ofMinutes(5)).split("\\.");
        String none = b64("{\"alg\":\"none\",\"typ\":\"JWT\"}");
        assertEquals("alg is not HS256", invalid(at(key, NOW).verify(none + "." + parts[1] + "." + parts[2])));
        assertEquals(
                "not a compact JWS of three base64url parts",
                invalid(at(key, NOW).verify(none + "." + parts[1] + ".")));
        String rs = b64("{\"alg\":\"RS256\"}");
        assertEquals("alg is not HS256", invalid(at(key, NOW).verify(rs + "." + parts[1] + "." + parts[2])));
    }

    @Test
    void issuerAndAudienceMustBeTheLocalOnes() {
        SigningKey key = key();
        JsonObject claims = new TokenClaims("alice", OID, List.of(), Duration.ofMinutes(5), false).toJson(key, NOW);
        claims.addProperty("aud", "api://someone-else");
        assertEquals("wrong audience", invalid(at(key, NOW).verify(at(key, NOW).sign(claims))));
        claims.add("aud", new com.google.gson.JsonArray());
        claims.getAsJsonArray("aud").add("x");
        claims.getAsJsonArray("aud").add(SigningKey.AUDIENCE);
        assertInstanceOf(
                Verification.Valid.class, at(key, NOW).verify(at(key, NOW).sign(claims)));
        claims.addProperty("iss", "https://login.microsoftonline.com/x/v2.0");
        assertEquals("wrong issuer", invalid(at(key, NOW).verify(at(key, NOW).sign(claims))));
    }

    @Test
    void malformedTokensAreInvalidNeverAnException() {
        SigningKey key = key();
        LocalTokens tokens = at(key, NOW);
        String good = token(key, Duration.ofMinutes(5));
        for (String bad : new String[] {
            null,
            "",
            "a.b",
            "a.b.c.d",
            good + "=",
            "+" + good,
            good + "/",
            "x".repeat(9000),
            "..",
            good.substring(0, good.lastIndexOf('.')) + ".%%%"
        }) {
            assertInstanceOf(
                    Verification.Invalid.class,
                    tokens.verify(bad),
                    String.valueOf(bad).length() > 80 ? "long" : bad);
        }
        // Correctly signed, but not one strict JSON object: a duplicate name (which exp wins?), trailing data, an
        // array.
        String header = b64("{\"alg\":\"HS256\"}");
        String valid =
                "{\"iss\":\"" + SigningKey.ISSUER + "\",\"aud\":\"" + SigningKey.AUDIENCE + "\",\"exp\":99999999999}";
        assertInstanceOf(Verification.Valid.class, tokens.verify(signed(key, header + "." + b64(valid))));
        for (String payload :
                List.of(valid.replace("\"exp\"", "\"exp\":1,\"exp\""), valid + " x", "[" + valid + "]", "{'a':1}")) {
            assertTrue(
                    invalid(tokens.verify(signed(key, header + "." + b64(payload))))
                            .startsWith("malformed: "),
                    payload);
        }
    }

    @Test
    void aSignatureHasOneSpellingOnly() {
        SigningKey key = key();
        String good = token(key, Duration.ofMinutes(5));
        // 32 signature bytes take 43 base64url characters; the last one carries 2 unused bits. Another character with
        // the
        // same 4 leading bits decodes to the same bytes, but is a second spelling of the token: refused.
        char last = good.charAt(good.length() - 1);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        int index = alphabet.indexOf(last);
        char twin = alphabet.charAt(index ^ 1);
        assertEquals("bad signature", invalid(at(key, NOW).verify(good.substring(0, good.length() - 1) + twin)));
    }

    private static String signed(SigningKey key, String signingInput) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(key.secret(), "HmacSHA256"));
            return signingInput + "."
                    + Base64.getUrlEncoder()
                            .withoutPadding()
                            .encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
        } catch (java.security.GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void tokenClaimsCheckTheirInputs() {
        assertThrows(
                IllegalArgumentException.class,
                () -> new TokenClaims(" ", null, List.of(), Duration.ofMinutes(1), false));
        assertThrows(
                IllegalArgumentException.class,
                () -> new TokenClaims("a", "1-1-1-1-1", List.of(), Duration.ofMinutes(1), false));
        assertThrows(
                IllegalArgumentException.class,
                () -> new TokenClaims("a", null, List.of(), Duration.ofHours(25), false));
        assertTrue(new TokenClaims("a", null, List.of(), Duration.ofMinutes(1), false)
                .objectId()
                .matches("[0-9a-f-]{36}"));
        JsonObject app = new TokenClaims("ci-pipeline", null, List.of("FleetOps.Operator"), Duration.ofMinutes(1), true)
                .toJson(key(), NOW);
        assertEquals("app", app.get("idtyp").getAsString());
        assertEquals("ci-pipeline", app.get("azp").getAsString());
        assertTrue(!app.has("scp") && !app.has("name"), app.toString());
    }
}
