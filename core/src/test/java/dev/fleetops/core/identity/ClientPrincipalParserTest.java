package dev.fleetops.core.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleetops.core.identity.ClientPrincipalParser.Result;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ClientPrincipalParserTest {

    private static ClientPrincipal decoded(String header) {
        return assertInstanceOf(Result.Decoded.class, ClientPrincipalParser.parse(header))
                .principal();
    }

    private static String rejected(String header) {
        return assertInstanceOf(Result.Rejected.class, ClientPrincipalParser.parse(header))
                .reason();
    }

    @Test
    void decodesTheDocumentedShape() {
        ClientPrincipal p = decoded(ClientPrincipalHeaders.user("Alice Smith", "FleetOps.Admin", "FleetOps.Reader"));
        assertEquals("aad", p.authType());
        assertEquals(ClientPrincipalHeaders.NAME_TYP, p.nameType());
        assertEquals(ClientPrincipalHeaders.ROLE_TYP, p.roleType());
        assertEquals(List.of("FleetOps.Admin", "FleetOps.Reader"), p.values(ClaimTypes.ROLES));
        assertEquals(ClientPrincipalHeaders.OID, p.first(ClaimTypes.OBJECT_ID));
        assertEquals("Alice Smith", p.first(ClaimTypes.NAMES));
    }

    @Test
    void decodesTheFunctionsHostsOwnTestPrincipal() {
        // azure-functions-host test/WebJobs.Script.Tests.Integration/WebHostEndToEnd/SamplesEndToEndTests_CSharp.cs,
        // MockEasyAuth.
        String json = """
                {
                  "auth_typ": "aad",
                  "claims": [
                    {"typ": "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name", "val": "Connor McMahon"},
                    {"typ": "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn", "val": "Connor McMahon"},
                    {"typ": "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/nameidentifier", "val": "12345"}
                  ],
                  "name_typ": "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name",
                  "role_typ": "http://schemas.microsoft.com/ws/2008/06/identity/claims/role"
                }""";
        ClientPrincipal p = decoded(ClientPrincipalHeaders.encode(json));
        assertEquals(3, p.claims().size());
        assertEquals("Connor McMahon", p.first(ClaimTypes.NAMES));
    }

    @Test
    void nameAndRoleTypesAreOptional() {
        ClientPrincipal p =
                decoded(ClientPrincipalHeaders.encode("{\"auth_typ\":\"aad\",\"claims\":[],\"name_typ\":null}"));
        assertEquals(null, p.nameType());
        assertEquals(null, p.roleType());
        assertEquals(List.of(), p.claims());
    }

    @Test
    void refusesWhatIsNotCanonicalBase64() {
        String good = ClientPrincipalHeaders.user("Alice");
        for (String name = "Alice"; !good.endsWith("="); name += "x") {
            good = ClientPrincipalHeaders.user(name);
        }
        decoded(good);
        assertEquals("empty", rejected(""));
        assertEquals("empty", rejected(null));
        assertEquals("not canonical Base64", rejected(good.replace("=", ""))); // padding left out
        assertEquals("not canonical Base64", rejected(good + "\n")); // trailing newline
        assertEquals("not canonical Base64", rejected(" " + good));
        assertEquals("not canonical Base64", rejected(good.replace('+', '-').replace('/', '_') + "-")); // URL alphabet
        assertEquals("not canonical Base64", rejected(good + "," + good)); // a header sent twice, joined
        // "QQ==" is "A"; "QR==" decodes to the same byte with non-zero padding bits: a second spelling, refused.
        assertEquals("not canonical Base64", rejected("QR=="));
    }

    @Test
    void refusesOversizedHeadersAndTooManyClaims() {
        assertTrue(
                rejected("A".repeat(ClientPrincipalParser.MAX_HEADER_CHARS + 4)).startsWith("longer than"));
        StringBuilder claims = new StringBuilder();
        for (int i = 0; i <= ClientPrincipalParser.MAX_CLAIMS; i++) {
            claims.append(i == 0 ? "" : ",").append("{\"typ\":\"c\",\"val\":\"v\"}");
        }
        assertEquals(
                "more than 256 claims",
                rejected(ClientPrincipalHeaders.encode("{\"auth_typ\":\"aad\",\"claims\":[" + claims + "]}")));
        String longValue = "x".repeat(ClientPrincipalParser.MAX_CLAIM_VALUE_CHARS + 1);
        assertTrue(rejected(ClientPrincipalHeaders.encode(
                        "{\"auth_typ\":\"aad\",\"claims\":[{\"typ\":\"name\",\"val\":\"" + longValue + "\"}]}"))
                .startsWith("claims[0] needs"));
    }

    @Test
    void refusesJsonThatIsNotStrictlyTheDocumentedShape() {
        for (String json : List.of(
                "[]",
                "{\"auth_typ\":\"aad\",\"claims\":[]} trailing",
                "{'auth_typ':'aad','claims':[]}",
                "{\"auth_typ\":\"aad\",\"auth_typ\":\"other\",\"claims\":[]}",
                "{\"auth_typ\":\"aad\",\"claims\":[{\"typ\":\"roles\",\"val\":\"A\",\"val\":\"B\"}]}",
                "{\"auth_typ\":\"aad\",\"claims\":[" + "[".repeat(40) + "]".repeat(40) + "]}",
                "not json")) {
            assertEquals("not valid JSON", rejected(ClientPrincipalHeaders.encode(json)), json);
        }
        assertTrue(rejected(ClientPrincipalHeaders.encode("{\"claims\":[]}")).startsWith("auth_typ"));
        assertTrue(rejected(ClientPrincipalHeaders.encode("{\"auth_typ\":\"\",\"claims\":[]}"))
                .startsWith("auth_typ"));
        assertTrue(rejected(ClientPrincipalHeaders.encode("{\"auth_typ\":7,\"claims\":[]}"))
                .startsWith("auth_typ"));
        assertEquals("claims must be an array", rejected(ClientPrincipalHeaders.encode("{\"auth_typ\":\"aad\"}")));
        assertEquals(
                "claims must be an array",
                rejected(ClientPrincipalHeaders.encode("{\"auth_typ\":\"aad\",\"claims\":{}}")));
        assertEquals(
                "claims[0] must be an object",
                rejected(ClientPrincipalHeaders.encode("{\"auth_typ\":\"aad\",\"claims\":[\"roles\"]}")));
        // A number where the documentation says string: not what App Service sends.
        assertTrue(rejected(ClientPrincipalHeaders.encode(
                        "{\"auth_typ\":\"aad\",\"claims\":[{\"typ\":\"iat\",\"val\":1700000000}]}"))
                .startsWith("claims[0] needs"));
        assertTrue(rejected(ClientPrincipalHeaders.encode("{\"auth_typ\":\"aad\",\"claims\":[{\"val\":\"x\"}]}"))
                .startsWith("claims[0] needs"));
        assertTrue(rejected(ClientPrincipalHeaders.encode("{\"auth_typ\":\"aad\",\"role_typ\":[],\"claims\":[]}"))
                .startsWith("name_typ and role_typ"));
    }

    @Test
    void refusesBytesThatAreNotUtf8() {
        byte[] bad = {'{', '"', 'a', (byte) 0xC3, (byte) 0x28, '"', ':', '1', '}'};
        assertEquals("not UTF-8", rejected(Base64.getEncoder().encodeToString(bad)));
    }

    @Test
    void neverThrowsWhateverArrives() {
        Random random = new Random(13);
        for (int i = 0; i < 2000; i++) {
            byte[] raw = new byte[random.nextInt(200)];
            random.nextBytes(raw);
            String asText = new String(raw, StandardCharsets.ISO_8859_1);
            assertInstanceOf(
                    Result.Rejected.class, ClientPrincipalParser.parse(asText.isEmpty() ? "x" : asText + "\u0000"));
            // Valid Base64 of random bytes and of mutated real headers must end in a result too, never an exception.
            ClientPrincipalParser.parse(Base64.getEncoder().encodeToString(raw));
            String real = ClientPrincipalHeaders.userJson(ClientPrincipalHeaders.OID, "A");
            char[] chars = real.toCharArray();
            chars[random.nextInt(chars.length)] = (char) (32 + random.nextInt(95));
            ClientPrincipalParser.parse(ClientPrincipalHeaders.encode(new String(chars)));
        }
    }
}
