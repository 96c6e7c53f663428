package dev.fleetops.runner.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CorsPolicyTest {
    private final CorsPolicy policy = CorsPolicy.parse("http://localhost:3000, https://portal.example/", false);

    @Test
    void originsAreTrimmedAndLoseTrailingSlashes() {
        assertEquals(List.of("http://localhost:3000", "https://portal.example"), policy.origins());
    }

    @Test
    void aListedOriginGetsItselfEchoedWithVary() {
        assertEquals(
                Map.of("Access-Control-Allow-Origin", "http://localhost:3000", "Vary", "Origin"),
                policy.responseHeaders("http://localhost:3000"));
    }

    @Test
    void anUnlistedOriginGetsNoCorsHeaders() {
        assertEquals(Map.of(), policy.responseHeaders("http://evil.example"));
        assertEquals(Map.of(), policy.preflightHeaders("http://evil.example", "POST", "content-type"));
        assertEquals(Map.of(), policy.responseHeaders(null));
    }

    @Test
    void aPreflightFromAnAllowedOriginEchoesMethodAndHeaders() {
        Map<String, String> h =
                policy.preflightHeaders("https://portal.example", "POST", "content-type,x-functions-key");
        assertEquals("https://portal.example", h.get("Access-Control-Allow-Origin"));
        assertEquals("POST", h.get("Access-Control-Allow-Methods"));
        assertEquals("content-type,x-functions-key", h.get("Access-Control-Allow-Headers"));
        assertEquals(CorsPolicy.MAX_AGE_SECONDS, h.get("Access-Control-Max-Age"));
    }

    @Test
    void aWildcardAllowsAnyOriginWithAStar() {
        CorsPolicy any = CorsPolicy.parse("*", false);
        assertEquals(Map.of("Access-Control-Allow-Origin", "*"), any.responseHeaders("http://anything.example"));
    }

    @Test
    void credentialsAreAnnouncedWhenConfigured() {
        CorsPolicy withCredentials = CorsPolicy.parse("http://localhost:3000", true);
        assertEquals(
                "true",
                withCredentials.responseHeaders("http://localhost:3000").get("Access-Control-Allow-Credentials"));
    }

    @Test
    void aWildcardWithCredentialsIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> CorsPolicy.parse("*", true));
    }

    @Test
    void noOriginsMeansCorsIsOff() {
        assertFalse(CorsPolicy.parse(" , ", false).enabled());
        assertFalse(CorsPolicy.parse(null, false).enabled());
        assertTrue(policy.enabled());
    }
}
