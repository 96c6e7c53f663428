package dev.fleetops.localhub.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.fleetops.localhub.hub.Hub;
import dev.fleetops.localhub.testsupport.TestHub;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Hostile and malformed requests, without sockets: every one gets an IoT Hub error body, never an exception. */
class RestApiTest {
    private final Hub hub = TestHub.inMemory(10);
    private final RestApi api = new RestApi(hub, Set.of(TestHub.HOST));
    private final String owner = TestHub.serviceToken(hub.policies().get(0), Duration.ofMinutes(10));

    @AfterEach
    void close() {
        hub.close();
    }

    private RestResponse call(String method, String path, String body, Map<String, String> extraHeaders) {
        Map<String, String> headers = new HashMap<>(Map.of("authorization", owner));
        headers.putAll(extraHeaders);
        return api.handle(new RestRequest(
                        method,
                        path,
                        Map.of("api-version", "2021-04-12"),
                        headers,
                        body == null ? null : body.getBytes(StandardCharsets.UTF_8)))
                .join();
    }

    private static int errorCode(RestResponse r) {
        return JsonParser.parseString(r.bodyText())
                .getAsJsonObject()
                .get("errorCode")
                .getAsInt();
    }

    @Test
    void malformedBodiesAre400WithAnIotHubErrorBody() {
        hub.addDevice("d1", null, null, true);
        for (String body : new String[] {
            "", "{", "[1,2]", "\"x\"", "{\"properties\":5}", "{\"tags\":\"x\"}", "{\"a\":" + "[".repeat(5000)
        }) {
            RestResponse r = call("PATCH", "/twins/d1", body, Map.of());
            assertEquals(400, r.status(), body);
            JsonObject error = JsonParser.parseString(r.bodyText()).getAsJsonObject();
            assertTrue(error.has("trackingId") && error.has("timestampUtc") && error.has("message"), r.bodyText());
        }
    }

    @Test
    void twinLimitsAreEnforced() {
        hub.addDevice("d1", null, null, true);
        assertEquals(
                400,
                call("PATCH", "/twins/d1", "{\"tags\":{\"a.b\":1}}", Map.of()).status());
        assertEquals(
                400,
                call("PATCH", "/twins/d1", "{\"tags\":{\"$x\":1}}", Map.of()).status());
        String deep = "{\"properties\":{\"desired\":" + "{\"a\":".repeat(12) + "1" + "}".repeat(12) + "}}";
        assertEquals(400, call("PATCH", "/twins/d1", deep, Map.of()).status());
        String big = "{\"properties\":{\"desired\":{\"blob\":\"" + "x".repeat(40_000) + "\"}}}";
        RestResponse tooBig = call("PATCH", "/twins/d1", big, Map.of());
        assertEquals(413, tooBig.status());
        assertEquals(413001, errorCode(tooBig));
    }

    @Test
    void methodRequestsAreValidated() {
        hub.addDevice("d1", null, null, true);
        assertEquals(400004, errorCode(call("POST", "/twins/d1/methods", "{\"methodName\":\"a/b\"}", Map.of())));
        assertEquals(
                400004,
                errorCode(call(
                        "POST",
                        "/twins/d1/methods",
                        "{\"methodName\":\"m\",\"responseTimeoutInSeconds\":1}",
                        Map.of())));
        assertEquals(
                400004,
                errorCode(call(
                        "POST",
                        "/twins/d1/methods",
                        "{\"methodName\":\"m\",\"connectTimeoutInSeconds\":301}",
                        Map.of())));
        String huge = "{\"methodName\":\"m\",\"payload\":\"" + "x".repeat(130 * 1024) + "\"}";
        assertEquals(413001, errorCode(call("POST", "/twins/d1/methods", huge, Map.of())));
        assertEquals(
                404103,
                errorCode(call(
                        "POST",
                        "/twins/d1/methods",
                        "{\"methodName\":\"m\",\"responseTimeoutInSeconds\":5}",
                        Map.of())));
    }

    @Test
    void requestsWithoutApiVersionOrAuthorizationAreRefused() {
        RestResponse noVersion = api.handle(
                        new RestRequest("GET", "/statistics/devices", Map.of(), Map.of("authorization", owner), null))
                .join();
        assertEquals(400, noVersion.status());
        RestResponse noAuth = api.handle(
                        new RestRequest("GET", "/statistics/devices", Map.of("api-version", "x"), Map.of(), null))
                .join();
        assertEquals(401, noAuth.status());
        assertEquals(401002, errorCode(noAuth));
    }

    @Test
    void unknownRoutesModulesAndMethodsGetClearErrors() {
        assertEquals(404, call("GET", "/nothing/here", null, Map.of()).status());
        assertEquals(400, call("GET", "/devices/d1/modules", null, Map.of()).status());
        assertEquals(405, call("DELETE", "/twins/d1", null, Map.of()).status());
        assertEquals(400004, errorCode(call("GET", "/devices/bad id", null, Map.of())));
    }

    @Test
    void randomGarbageNeverEscapesAsAnException() {
        Random random = new Random(42);
        String[] paths = {"/twins/d1", "/devices/d1", "/twins/d1/methods", "/devices/query", "/statistics/devices"};
        String[] methods = {"GET", "PUT", "PATCH", "POST", "DELETE"};
        hub.addDevice("d1", null, null, true);
        for (int i = 0; i < 2000; i++) {
            byte[] body = new byte[random.nextInt(200)];
            random.nextBytes(body);
            if (random.nextBoolean()) {
                body = ("{\"query\":\"" + new String(body, StandardCharsets.ISO_8859_1).replace("\"", "") + "\"}")
                        .getBytes(StandardCharsets.UTF_8);
            }
            RestResponse r = api.handle(new RestRequest(
                            methods[random.nextInt(methods.length)],
                            paths[random.nextInt(paths.length)],
                            Map.of("api-version", "1"),
                            Map.of("authorization", owner, "if-match", "\"zz\""),
                            body))
                    .join();
            assertTrue(r.status() >= 200 && r.status() < 600, "status " + r.status());
            assertFalse(r.status() == 500, "no internal errors: " + r.bodyText());
        }
    }
}
