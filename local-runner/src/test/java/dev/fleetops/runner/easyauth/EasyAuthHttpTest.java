package dev.fleetops.runner.easyauth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.fleetops.core.identity.AuthMode;
import dev.fleetops.core.identity.AuthSettings;
import dev.fleetops.core.identity.Authentication;
import dev.fleetops.core.identity.Authenticator;
import dev.fleetops.core.identity.Principal;
import dev.fleetops.core.identity.Role;
import dev.fleetops.runner.FakeApp;
import dev.fleetops.runner.LocalRunner;
import dev.fleetops.runner.RunnerConfig;
import dev.fleetops.runner.http.CorsPolicy;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runner playing App Service Authentication, over real HTTP, in front of a fake app that echoes what it receives:
 * forged identity headers never reach the app, a valid token does, with the principal the app's own parser reads.
 */
class EasyAuthHttpTest {
    private static final String KEY = "test-key";
    private static final String FN = "dev.fleetops.runner.fake.FakeIdentityFunctions.";
    private static final String OID = "8f0c6a4e-2b1d-4c3e-9f5a-1b2c3d4e5f60";
    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static final String FORGED = Base64.getEncoder()
            .encodeToString(("{\"auth_typ\":\"aad\",\"claims\":["
                            + "{\"typ\":\"http://schemas.microsoft.com/identity/claims/objectidentifier\",\"val\":\"00000000-0000-0000-0000-000000000666\"},"
                            + "{\"typ\":\"name\",\"val\":\"ceo@contoso.com\"},{\"typ\":\"roles\",\"val\":\"FleetOps.Admin\"}]}")
                    .getBytes(StandardCharsets.UTF_8));

    @TempDir
    static Path dir;

    private static LocalRunner entra;
    private static LocalRunner keyOnly;
    private static SigningKey signingKey;

    @BeforeAll
    static void start() throws IOException {
        new FakeApp(dir.resolve("app"))
                .http("WhoAmI", FN + "whoAmI", "whoami", "[\"GET\"]", "FUNCTION")
                .http("OpenApiDoc", FN + "openApi", "openapi.json", "[\"GET\"]", "ANONYMOUS");
        Path state = dir.resolve("state");
        entra = LocalRunner.start(
                new RunnerConfig(dir.resolve("app"), Map.of(), 0, KEY, CorsPolicy.none(), null, EasyAuth.in(state)));
        keyOnly = LocalRunner.start(new RunnerConfig(dir.resolve("app"), Map.of(), 0, KEY, CorsPolicy.none(), null));
        signingKey = SigningKey.loadOrCreate(state);
    }

    @AfterAll
    static void stop() {
        entra.close();
        keyOnly.close();
    }

    private static String token(String name, Duration lifetime, SigningKey key, String... roles) {
        Clock clock = Clock.systemUTC();
        return new LocalTokens(key, clock)
                .sign(new TokenClaims(name, OID, List.of(roles), lifetime, false).toJson(key, clock.instant()));
    }

    private static HttpResponse<String> get(LocalRunner runner, String path, Map<String, String> headers)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(runner.baseUri() + path));
        headers.forEach(b::header);
        return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Map<String, String> forged() {
        Map<String, String> h = new HashMap<>();
        h.put("X-MS-CLIENT-PRINCIPAL", FORGED);
        h.put("X-MS-CLIENT-PRINCIPAL-NAME", "ceo@contoso.com");
        h.put("x-ms-client-principal-id", "00000000-0000-0000-0000-000000000666");
        h.put("X-MS-TOKEN-AAD-ACCESS-TOKEN", "stolen");
        h.put("x-functions-key", KEY);
        return h;
    }

    /** The principal the app would build from the headers it received. */
    private static Principal principalSeenByTheApp(JsonObject echoed) {
        Map<String, String> headers = new HashMap<>();
        echoed.getAsJsonObject("headers")
                .entrySet()
                .forEach(e -> headers.put(e.getKey(), e.getValue().getAsString()));
        Authentication a = new Authenticator(new AuthSettings(AuthMode.ENTRA, "automation", Role.READER))
                .authenticate(headers, Map.of());
        return ((Authentication.Authenticated) a).principal();
    }

    @Test
    void forgedIdentityHeadersWithoutATokenAreAnswered401AndNeverReachTheApp() throws Exception {
        HttpResponse<String> r = get(entra, "/api/whoami", forged());
        assertEquals(401, r.statusCode(), r.body());
        assertEquals("", r.body());
        assertEquals("Bearer", r.headers().firstValue("WWW-Authenticate").orElse(null));
        // Before routing, as in front of the host: an unknown route is 401 too, not 404.
        assertEquals(401, get(entra, "/api/nothing-here", Map.of()).statusCode());
    }

    @Test
    void aValidTokenReachesTheAppWithThePlatformsPrincipalAndNoneOfTheForgedHeaders() throws Exception {
        Map<String, String> headers = forged();
        headers.put(
                "Authorization", "Bearer " + token("alice", Duration.ofMinutes(5), signingKey, "FleetOps.Operator"));
        HttpResponse<String> r = get(entra, "/api/whoami", headers);
        assertEquals(200, r.statusCode(), r.body());
        JsonObject seen = JsonParser.parseString(r.body()).getAsJsonObject();
        JsonObject received = seen.getAsJsonObject("headers");
        assertEquals("alice", received.get("x-ms-client-principal-name").getAsString());
        assertEquals(OID, received.get("x-ms-client-principal-id").getAsString());
        assertFalse(received.has("x-ms-token-aad-access-token"), received.toString());
        assertFalse(r.body().contains("ceo@contoso.com"), r.body());
        assertFalse(r.body().contains("stolen"), r.body());
        assertFalse(r.body().contains(FORGED), r.body());
        // The Headers binding data carries the same, in App Service's spelling.
        JsonObject binding =
                JsonParser.parseString(seen.get("bindingHeaders").getAsString()).getAsJsonObject();
        assertTrue(binding.has("X-MS-CLIENT-PRINCIPAL"), binding.toString());
        assertEquals("alice", binding.get("X-MS-CLIENT-PRINCIPAL-NAME").getAsString());
        Principal p = principalSeenByTheApp(seen);
        assertEquals(OID, p.objectId());
        assertEquals("alice", p.displayName());
        assertEquals(Set.of(Role.OPERATOR), p.roles());
    }

    @Test
    void functionKeysAreStillCheckedAfterAuthentication() throws Exception {
        String bearer = "Bearer " + token("alice", Duration.ofMinutes(5), signingKey, "FleetOps.Admin");
        assertEquals(
                401, get(entra, "/api/whoami", Map.of("Authorization", bearer)).statusCode());
        assertEquals(
                401,
                get(entra, "/api/whoami", Map.of("Authorization", bearer, "x-functions-key", "wrong"))
                        .statusCode());
        assertEquals(
                200,
                get(entra, "/api/whoami?code=" + KEY, Map.of("Authorization", bearer))
                        .statusCode());
    }

    @Test
    void expiredAndForeignTokensAreAnswered401() throws Exception {
        SigningKey other = SigningKey.loadOrCreate(dir.resolve("other-state"));
        assertEquals(
                401,
                get(
                                entra,
                                "/api/whoami",
                                Map.of(
                                        "x-functions-key",
                                        KEY,
                                        "Authorization",
                                        "Bearer " + token("alice", Duration.ofMinutes(5), other, "FleetOps.Admin")))
                        .statusCode());
        Clock past = Clock.offset(Clock.systemUTC(), Duration.ofHours(-2));
        String expired = new LocalTokens(signingKey, past)
                .sign(new TokenClaims("alice", OID, List.of("FleetOps.Admin"), Duration.ofMinutes(60), false)
                        .toJson(signingKey, past.instant()));
        assertEquals(
                401,
                get(entra, "/api/whoami", Map.of("x-functions-key", KEY, "Authorization", "Bearer " + expired))
                        .statusCode());
    }

    @Test
    void theOpenApiDocumentNeedsNoTokenAndStillGetsNoForgedHeaders() throws Exception {
        HttpResponse<String> r = get(entra, "/api/openapi.json", forged());
        assertEquals(200, r.statusCode(), r.body());
        assertFalse(r.body().toLowerCase().contains("x-ms-client-principal"), r.body());
        assertFalse(r.body().contains("stolen"), r.body());
    }

    @Test
    void withoutAppServiceAuthenticationNothingIsStrippedAsInAzureSoTheAppMustIgnoreTheHeaders() throws Exception {
        HttpResponse<String> r = get(keyOnly, "/api/whoami", forged());
        assertEquals(200, r.statusCode(), r.body());
        JsonObject received = JsonParser.parseString(r.body()).getAsJsonObject().getAsJsonObject("headers");
        assertEquals(FORGED, received.get("x-ms-client-principal").getAsString());
        // key mode: the app's authenticator names the automation principal, never the forged one.
        Map<String, String> headers = new HashMap<>();
        received.entrySet().forEach(e -> headers.put(e.getKey(), e.getValue().getAsString()));
        Principal p = ((Authentication.Authenticated)
                        new Authenticator(new AuthSettings(AuthMode.KEY, "automation", Role.OPERATOR))
                                .authenticate(headers, Map.of()))
                .principal();
        assertEquals("automation", p.displayName());
    }
}
