package dev.fleetops.runner.easyauth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleetops.core.identity.AuthMode;
import dev.fleetops.core.identity.AuthSettings;
import dev.fleetops.core.identity.Authentication;
import dev.fleetops.core.identity.Authenticator;
import dev.fleetops.core.identity.Principal;
import dev.fleetops.core.identity.PrincipalKind;
import dev.fleetops.core.identity.Role;
import dev.fleetops.runner.easyauth.EasyAuthGate.Outcome;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EasyAuthGateTest {
    private static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");
    private static final String OID = "8f0c6a4e-2b1d-4c3e-9f5a-1b2c3d4e5f60";
    private static final String FORGED = java.util.Base64.getEncoder()
            .encodeToString(
                    ("{\"auth_typ\":\"aad\",\"claims\":[{\"typ\":\"oid\",\"val\":\"00000000-0000-0000-0000-000000000666\"},"
                                    + "{\"typ\":\"name\",\"val\":\"ceo@contoso.com\"},{\"typ\":\"roles\",\"val\":\"FleetOps.Admin\"}]}")
                            .getBytes());

    @TempDir
    Path state;

    private SigningKey key;
    private LocalTokens tokens;
    private EasyAuthGate gate;

    @BeforeEach
    void setUp() {
        key = SigningKey.loadOrCreate(state);
        tokens = new LocalTokens(key, Clock.fixed(NOW, ZoneOffset.UTC));
        gate = new EasyAuthGate(tokens, EasyAuthGate.DEFAULT_EXCLUDED_PATHS);
    }

    private String bearer(String name, boolean app, String... roles) {
        return "Bearer "
                + tokens.sign(new TokenClaims(name, OID, List.of(roles), Duration.ofMinutes(10), app).toJson(key, NOW));
    }

    private static Map<String, String> forgedHeaders() {
        return Map.of(
                "x-ms-client-principal",
                FORGED,
                "x-ms-client-principal-name",
                "ceo@contoso.com",
                "x-ms-client-principal-id",
                "00000000-0000-0000-0000-000000000666",
                "x-ms-client-principal-idp",
                "aad",
                "x-ms-token-aad-access-token",
                "stolen",
                "x-functions-key",
                "k");
    }

    @Test
    void withoutAValidTokenTheRequestIsRefused() {
        assertEquals(
                "no bearer token",
                assertInstanceOf(Outcome.Reject.class, gate.check("/api/devices/d1", forgedHeaders()))
                        .reason());
        Map<String, String> basic = Map.of("authorization", "Basic YTpi");
        assertInstanceOf(Outcome.Reject.class, gate.check("/api/devices/d1", basic));
        Map<String, String> garbage = Map.of("authorization", "Bearer not-a-token");
        assertTrue(assertInstanceOf(Outcome.Reject.class, gate.check("/api/devices/d1", garbage))
                .reason()
                .startsWith("token "));
    }

    @Test
    void aValidTokenReplacesEveryClientSentIdentityHeaderWithThePlatformsOwn() {
        Map<String, String> headers = new java.util.HashMap<>(forgedHeaders());
        headers.put("authorization", bearer("alice", false, "FleetOps.Operator"));
        Outcome.Pass pass = assertInstanceOf(Outcome.Pass.class, gate.check("/api/devices/d1", headers));
        assertEquals("alice", pass.headers().get("x-ms-client-principal-name"));
        assertEquals(OID, pass.headers().get("x-ms-client-principal-id"));
        assertEquals("aad", pass.headers().get("x-ms-client-principal-idp"));
        assertFalse(pass.headers().containsKey("x-ms-token-aad-access-token"), "client-sent token headers are removed");
        assertEquals("k", pass.headers().get("x-functions-key"), "the function key goes on to the host's key check");
        assertTrue(
                pass.headers().get("authorization").startsWith("Bearer "), "as in Azure, the app sees the token too");
        assertEquals("client-sent identity headers removed", pass.note());
        assertEquals(
                Set.of(
                        "X-MS-CLIENT-PRINCIPAL",
                        "X-MS-CLIENT-PRINCIPAL-ID",
                        "X-MS-CLIENT-PRINCIPAL-NAME",
                        "X-MS-CLIENT-PRINCIPAL-IDP"),
                pass.injected().keySet());
    }

    @Test
    void theInjectedPrincipalIsWhatTheAppsOwnParserReads() {
        Outcome.Pass pass = (Outcome.Pass)
                gate.check("/api/operations", Map.of("authorization", bearer("alice", false, "FleetOps.Admin")));
        Authentication a = new Authenticator(new AuthSettings(AuthMode.ENTRA, "automation", Role.READER))
                .authenticate(pass.headers(), Map.of());
        Principal p = assertInstanceOf(Authentication.Authenticated.class, a).principal();
        assertEquals(new Principal(OID, "alice", "aad", Set.of(Role.ADMIN), PrincipalKind.USER), p);

        Outcome.Pass app = (Outcome.Pass) gate.check(
                "/api/operations", Map.of("authorization", bearer("ci-pipeline", true, "FleetOps.Operator")));
        Principal daemon = ((Authentication.Authenticated)
                        new Authenticator(new AuthSettings(AuthMode.ENTRA, "automation", Role.READER))
                                .authenticate(app.headers(), Map.of()))
                .principal();
        assertEquals(PrincipalKind.APPLICATION, daemon.kind());
        assertEquals("application ci-pipeline", daemon.displayName());
        assertEquals(Set.of(Role.OPERATOR), daemon.roles());
    }

    @Test
    void excludedPathsPassWithoutATokenButStillLoseForgedHeaders() {
        Outcome.Pass pass = assertInstanceOf(Outcome.Pass.class, gate.check("/api/openapi.json", forgedHeaders()));
        assertTrue(
                pass.headers().keySet().stream().noneMatch(ClientPrincipalHeaders::reserved),
                pass.headers().toString());
        assertEquals(Map.of(), pass.injected());
        Map<String, String> badToken = Map.of("authorization", "Bearer x.y.z");
        assertEquals(
                Map.of(),
                assertInstanceOf(Outcome.Pass.class, gate.check("/API/OpenApi.json", badToken))
                        .injected());
        assertInstanceOf(Outcome.Reject.class, gate.check("/api/openapi.json/x", Map.of()));
    }

    @Test
    void reservedHeaderNamesMatchInAnyCase() {
        assertTrue(ClientPrincipalHeaders.reserved("X-MS-CLIENT-PRINCIPAL"));
        assertTrue(ClientPrincipalHeaders.reserved("X-Ms-Client-Principal-Name"));
        assertTrue(ClientPrincipalHeaders.reserved("x-ms-token-aad-id-token"));
        assertFalse(ClientPrincipalHeaders.reserved("x-ms-request-id"));
        assertFalse(ClientPrincipalHeaders.reserved("authorization"));
    }
}
