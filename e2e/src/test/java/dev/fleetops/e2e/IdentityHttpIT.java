package dev.fleetops.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.fleetops.localhub.LocalHub;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Identity and roles over real HTTP, with the local runner playing App Service Authentication
 * ({@code FLEETOPS_AUTH=entra}): bearer tokens signed by the runner's local key (as {@code StackTool token}
 * prints them), client-sent principal headers stripped, the packaged app deciding roles. What a caller forges
 * never names it; each role stops at its boundary.
 */
class IdentityHttpIT {
    /**
     * A start that never comes during the run (other suites' runners tick every operation in the shared storage)
     * yet lies within the 366 days a create accepts.
     */
    private static final String LATER = java.time.Instant.now()
            .plus(java.time.Duration.ofDays(300))
            .truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
            .toString();

    private static final String KEY = "identity-e2e-key";
    private static final String FORGED_ADMIN = Base64.getEncoder()
            .encodeToString(("{\"auth_typ\":\"aad\",\"claims\":["
                            + "{\"typ\":\"oid\",\"val\":\"00000000-0000-0000-0000-00000000c0de\"},{\"typ\":\"name\",\"val\":\"ceo@contoso.com\"},"
                            + "{\"typ\":\"roles\",\"val\":\"FleetOps.Admin\"}]}")
                    .getBytes(StandardCharsets.UTF_8));

    @TempDir
    static Path dir;

    static LocalHub hub;
    static RunnerProcess runner;
    static String reader;
    static String operator;
    static String admin;

    @BeforeAll
    static void start() throws Exception {
        hub = LocalHub.builder()
                .stateDir(dir.resolve("hub"))
                .httpsPort(0)
                .devices(3)
                .start();
        runner = RunnerProcess.start(
                dir,
                hub,
                Map.of(
                        "PROGRESS_SCHEDULE", "0 0 0 1 1 *",
                        "ROLLOUT_SCHEDULE", "0 0 0 1 1 *",
                        "FLEETOPS_AUTH", "entra",
                        "FLEETOPS_OPERATOR_MAX_DEVICES", "2"),
                null,
                KEY,
                "identity-runner.log");
        reader = runner.token("rita", null, "FleetOps.Reader");
        operator = runner.token("otto", null, "FleetOps.Operator");
        admin = runner.token("ada", null, "FleetOps.Admin");
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (runner != null) {
            runner.close();
        }
        if (hub != null) {
            hub.close();
        }
    }

    @Test
    void withoutATokenOnlyTheOpenApiDocumentAnswers() throws Exception {
        HttpResponse<String> none = runner.send("GET", "/api/devices/device-001", null, null, Map.of());
        assertEquals(401, none.statusCode(), none.body());
        assertEquals(
                200,
                runner.send("GET", "/api/openapi.json", null, null, Map.of()).statusCode());
        HttpResponse<String> forgedOnly = runner.send(
                "POST",
                "/api/devices/device-001/factory-reset",
                null,
                null,
                Map.of("x-ms-client-principal", FORGED_ADMIN, "x-ms-client-principal-name", "ceo@contoso.com"));
        assertEquals(401, forgedOnly.statusCode(), "a principal header the caller wrote is no identity");
    }

    @Test
    void aForgedPrincipalBesideARealTokenIsStrippedAndTheTokenDecides() throws Exception {
        HttpResponse<String> r = runner.send(
                "POST",
                "/api/devices/device-001/factory-reset",
                reader,
                null,
                Map.of(
                        "x-ms-client-principal",
                        FORGED_ADMIN,
                        "x-ms-client-principal-name",
                        "ceo@contoso.com",
                        "x-ms-client-principal-idp",
                        "aad"));
        assertEquals(403, r.statusCode(), r.body());
        JsonObject problem = JsonParser.parseString(r.body()).getAsJsonObject();
        assertEquals("forbidden", problem.get("code").getAsString());
        assertEquals("FleetOps.Admin", problem.get("missingRole").getAsString());
    }

    @Test
    void eachRoleStopsAtItsBoundary() throws Exception {
        // Operations start LATER: other suites' runners tick every operation in the shared storage, and these must
        // never reach a device.
        String later = ",\"startAt\":\"" + LATER + "\"}";
        String list = "{\"action\":\"reboot\",\"target\":{\"deviceIds\":[\"device-001\",\"device-002\"]}" + later;
        String longList =
                "{\"action\":\"reboot\",\"target\":{\"deviceIds\":[\"device-001\",\"device-002\",\"device-003\"]}"
                        + later;
        String filter = "{\"action\":\"reboot\",\"target\":{\"filter\":{\"tags\":{\"ring\":\"none\"}}}" + later;
        record Call(String method, String path, String body, String minimum) {}
        List<Call> calls = List.of(
                new Call("GET", "/api/devices/device-001", null, "reader"),
                new Call("GET", "/api/operations", null, "reader"),
                new Call("GET", "/api/progress", null, "reader"),
                new Call("POST", "/api/devices/device-001/reboot", null, "operator"),
                new Call("POST", "/api/operations", list, "operator"),
                new Call("POST", "/api/devices/device-001/factory-reset", null, "admin"),
                new Call("POST", "/api/operations", longList, "admin"),
                new Call("POST", "/api/operations", filter, "admin"));
        List<String> roles = List.of("reader", "operator", "admin");
        Map<String, String> tokens = Map.of("reader", reader, "operator", operator, "admin", admin);
        for (Call c : calls) {
            for (String role : roles) {
                HttpResponse<String> r = runner.send(c.method(), c.path(), tokens.get(role), c.body(), Map.of());
                String what = role + " " + c.method() + " " + c.path() + (c.body() == null ? "" : " " + c.body())
                        + " -> " + r.statusCode() + " " + r.body();
                boolean allowed = roles.indexOf(role) >= roles.indexOf(c.minimum());
                assertNotEquals(401, r.statusCode(), what);
                if (allowed) {
                    assertNotEquals(403, r.statusCode(), what);
                } else {
                    assertEquals(403, r.statusCode(), what);
                    // The missing role is one the caller lacks: at the door the least any operation needs, then the
                    // scope's.
                    String missing = JsonParser.parseString(r.body())
                            .getAsJsonObject()
                            .get("missingRole")
                            .getAsString();
                    List<String> above = role.equals("reader")
                            ? List.of("FleetOps.Operator", "FleetOps.Admin")
                            : List.of("FleetOps.Admin");
                    assertTrue(above.contains(missing), what);
                }
            }
        }
    }

    @Test
    void theAuditNamesTheTokensPrincipalNotAHeaderTheCallerChose() throws Exception {
        HttpResponse<String> created = runner.send(
                "POST",
                "/api/operations",
                operator,
                "{\"action\":\"reboot\",\"target\":{\"deviceIds\":[\"device-003\"]},\"startAt\":\"" + LATER + "\"}",
                Map.of("x-ms-client-principal-name", "ceo@contoso.com"));
        assertEquals(202, created.statusCode(), created.body() + runner.tail());
        String id = JsonParser.parseString(created.body())
                .getAsJsonObject()
                .get("id")
                .getAsString();
        assertEquals(
                200,
                runner.send(
                                "POST",
                                "/api/operations/" + id + "/cancel",
                                admin,
                                null,
                                Map.of("x-ms-client-principal-name", "security-officer@contoso.com"))
                        .statusCode());
        String operation = runner.send("GET", "/api/operations/" + id, reader, null, Map.of())
                .body();
        assertTrue(operation.contains("\"createdBy\":\"otto ("), operation);
        assertTrue(operation.contains("ada ("), "the cancel is audited as the token's principal: " + operation);
        assertFalse(operation.contains("contoso"), operation);
    }
}
