package dev.fleetops.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.fleetops.device.runtime.DeviceRuntime;
import dev.fleetops.device.transport.TlsContexts;
import dev.fleetops.localhub.LocalHub;
import dev.fleetops.testkit.Waits;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two-person approval and the audit log over real HTTP, with the local runner playing App Service Authentication
 * ({@code FLEETOPS_AUTH=entra}) and ticking rollouts every 2 s: a factory reset of a filter target waits for a second
 * Admin, its creator cannot approve it (whatever name the token carries), nothing reaches a device before the approval,
 * and then it runs; the audit lists who did what, refusals included. The hub's devices ({@code approval-001} to
 * {@code -003}) are this suite's own: other suites' runners tick every operation in the shared storage.
 */
class ApprovalHttpIT {
    private static final String KEY = "approval-e2e-key";
    private static final String RING =
            "approval-e2e-" + UUID.randomUUID().toString().substring(0, 8);
    private static final String ADA = UUID.randomUUID().toString();
    private static final String BEA = UUID.randomUUID().toString();
    private static final String OTTO = UUID.randomUUID().toString();
    private static final String RITA = UUID.randomUUID().toString();
    private static final Duration WAIT = Duration.ofSeconds(90);

    @TempDir
    static Path dir;

    static LocalHub hub;
    static final List<DeviceRuntime> devices = new ArrayList<>();
    static RunnerProcess runner;
    static String ada;
    static String adaRenamed;
    static String bea;
    static String otto;
    static String rita;

    @BeforeAll
    static void start() throws Exception {
        hub = LocalHub.builder()
                .stateDir(dir.resolve("hub"))
                .httpsPort(0)
                .devices(3)
                .devicePrefix("approval-")
                .start();
        for (int i = 1; i <= 3; i++) {
            String id = LocalHub.deviceId("approval-", i);
            devices.add(DeviceRuntime.start(
                    new DeviceRuntime.Settings(
                            hub.deviceConnectionString(id),
                            dir.resolve(id),
                            TlsContexts.trustingDefaultsPlus(hub.caFile()),
                            Duration.ofSeconds(1),
                            "1.0.0"),
                    w -> {}));
            if (i <= 2) { // approval-003 stays out of the ring: the single-device test uses it
                hub.hub()
                        .updateTwin(
                                id,
                                JsonParser.parseString("{\"ring\":\"" + RING + "\"}")
                                        .getAsJsonObject(),
                                null,
                                null,
                                false);
            }
        }
        runner = RunnerProcess.start(
                dir,
                hub,
                Map.of(
                        "METHOD_RESPONSE_TIMEOUT_SECONDS", "10",
                        "PROGRESS_SCHEDULE", "0 0 0 1 1 *",
                        "ROLLOUT_SCHEDULE", "*/2 * * * * *",
                        "FLEETOPS_AUTH", "entra"),
                null,
                KEY,
                "approval-runner.log");
        ada = runner.token("ada", ADA, "FleetOps.Admin");
        adaRenamed = runner.token("Definitely Not Ada", ADA, "FleetOps.Admin");
        bea = runner.token("bea", BEA, "FleetOps.Admin");
        otto = runner.token("otto", OTTO, "FleetOps.Operator");
        rita = runner.token("rita", RITA, "FleetOps.Reader");
        awaitUntil("the devices", () -> devices.stream().allMatch(d -> hub.hub().isConnected(d.deviceId())));
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (runner != null) {
            runner.close();
        }
        devices.forEach(DeviceRuntime::close);
        if (hub != null) {
            hub.close();
        }
    }

    /**
     * The console's preview of the same request, on the local hub's query engine: two queries (a COUNT() and a
     * bounded sample), the devices and the approval it would need, and nothing created.
     */
    @Test
    void aPreviewCountsTheFiltersDevicesAndSaysItNeedsApprovalWithoutCreatingAnything() throws Exception {
        String body = "{\"action\":\"factoryReset\",\"target\":{\"filter\":{\"tags\":{\"ring\":\"" + RING
                + "\"}}},\"rollout\":{\"waves\":[50,100]}}";
        List<String> before = operationIds();
        HttpResponse<String> r = runner.send("POST", "/api/operations/preview", otto, body, Map.of());
        assertEquals(200, r.statusCode(), r.body());
        JsonObject p = json(r);
        assertEquals("filter", p.get("targetKind").getAsString());
        assertEquals(2, p.get("deviceCount").getAsInt(), p.toString());
        List<String> sample = new ArrayList<>();
        p.getAsJsonArray("sample").forEach(e -> sample.add(e.getAsString()));
        assertEquals(
                List.of("approval-001", "approval-002"),
                sample.stream().sorted().toList(),
                "the ring's devices");
        assertEquals("[1,1]", p.get("waveSizes").toString());
        assertEquals(
                "a factoryReset of more than one device",
                p.get("approvalReason").getAsString());
        assertFalse(p.has("problem"), p.toString());
        assertEquals(before, operationIds(), "a preview creates nothing");

        HttpResponse<String> none = runner.send(
                "POST",
                "/api/operations/preview",
                otto,
                "{\"action\":\"reboot\",\"target\":{\"filter\":{\"tags\":{\"ring\":\"nowhere-" + RING + "\"}}}}",
                Map.of());
        assertEquals(200, none.statusCode(), none.body());
        assertEquals(0, json(none).get("deviceCount").getAsInt());
        assertEquals(
                "the filter matches no device now", json(none).get("problem").getAsString());

        HttpResponse<String> reader = runner.send("POST", "/api/operations/preview", rita, body, Map.of());
        assertEquals(403, reader.statusCode(), "a Reader cannot start an operation, so cannot preview one either");
        HttpResponse<String> bad =
                runner.send("POST", "/api/operations/preview", otto, "{\"action\":\"reboot\",\"target\":{}}", Map.of());
        assertEquals(400, bad.statusCode());
        assertTrue(bad.body().contains("target"), bad.body());
    }

    @Test
    void aFilteredFactoryResetWaitsForASecondAdminThenRuns() throws Exception {
        String body = "{\"action\":\"factoryReset\",\"target\":{\"filter\":{\"tags\":{\"ring\":\"" + RING
                + "\"}}},\"deviceTimeoutMinutes\":2}";
        HttpResponse<String> created = runner.send("POST", "/api/operations", ada, body, Map.of());
        assertEquals(202, created.statusCode(), created.body() + runner.tail());
        JsonObject op = json(created);
        String id = op.get("id").getAsString();
        // The filter is resolved by the runner's timer, not in the request; then it waits for a second Admin,
        // who sees which devices it selected.
        assertEquals("resolving", op.get("state").getAsString(), op.toString());
        assertEquals("pending", op.getAsJsonObject("approval").get("status").getAsString(), op.toString());
        awaitUntil(
                "the filter resolved",
                () -> json(runner.send("GET", "/api/operations/" + id, rita, null, Map.of()))
                        .get("state")
                        .getAsString()
                        .equals("pendingApproval"));

        // The runner ticks it, and it stays put: nothing reaches a device before approval.
        awaitUntil("a tick of the pending operation", () -> runner.output().contains("operationId=" + id));
        JsonObject waiting = json(runner.send("GET", "/api/operations/" + id, rita, null, Map.of()));
        assertEquals("pendingApproval", waiting.get("state").getAsString());
        assertEquals(2, waiting.get("deviceCount").getAsInt(), waiting.toString());
        assertEquals(2L, waiting.getAsJsonObject("counts").get("queued").getAsLong(), waiting.toString());
        devices.forEach(
                d -> assertFalse(hub.hub().twin(d.deviceId()).toString().contains(id), "no device heard of " + id));

        HttpResponse<String> own = runner.send(
                "POST",
                "/api/operations/" + id + "/approve",
                adaRenamed,
                null,
                Map.of("x-ms-client-principal-name", "bea"));
        assertEquals(403, own.statusCode(), own.body());
        assertEquals(
                "self-approval", json(own).get("code").getAsString(), "the creator is known by object id, not by name");
        HttpResponse<String> operator = runner.send("POST", "/api/operations/" + id + "/approve", otto, null, Map.of());
        assertEquals(403, operator.statusCode());
        assertEquals("FleetOps.Admin", json(operator).get("missingRole").getAsString());

        HttpResponse<String> approved = runner.send("POST", "/api/operations/" + id + "/approve", bea, null, Map.of());
        assertEquals(200, approved.statusCode(), approved.body());
        JsonObject approval = json(approved).getAsJsonObject("approval");
        assertEquals("approved", approval.get("status").getAsString());
        assertEquals(ADA, approval.get("requestedById").getAsString());
        assertEquals("bea (" + BEA + ")", approval.get("decidedBy").getAsString());

        JsonObject done = awaitOperation(id, s -> s.equals("completed") || s.equals("aborted") || s.equals("canceled"));
        assertEquals("completed", done.get("state").getAsString(), done.toString());
        assertEquals(2L, done.getAsJsonObject("counts").get("succeeded").getAsLong(), done.toString());
        String report = runner.send("GET", "/api/operations/" + id + "/report", rita, null, Map.of())
                .body();
        assertTrue(
                report.contains("requested by ada (" + ADA + ")") && report.contains("approved by bea (" + BEA + ")"),
                report);

        List<JsonObject> audit = audit("operationId=" + id);
        assertTrue(audit.stream().anyMatch(r -> is(r, "ApproveOperation", "denied", ADA)), audit.toString());
        assertTrue(audit.stream().anyMatch(r -> is(r, "ApproveOperation", "succeeded", BEA)), audit.toString());
        assertTrue(audit.stream().anyMatch(r -> is(r, "CreateOperation", "succeeded", ADA)), audit.toString());
    }

    @Test
    void singleDeviceActionsAndRefusalsAreInTheAuditUnderThePlatformPrincipal() throws Exception {
        HttpResponse<String> reboot = runner.send(
                "POST",
                "/api/devices/approval-003/reboot",
                otto,
                "{\"delaySeconds\":0}",
                Map.of("x-ms-client-principal-name", "ceo@contoso.com", "x-ms-client-request-id", "e2e-req-1"));
        assertEquals(202, reboot.statusCode(), reboot.body());
        String operationId = json(reboot).get("operationId").getAsString();
        assertEquals(
                403,
                runner.send("POST", "/api/devices/approval-003/factory-reset", rita, null, Map.of())
                        .statusCode());

        List<JsonObject> device = audit("deviceId=approval-003&operationId=" + operationId);
        JsonObject outcome = device.stream()
                .filter(r -> r.has("intentId"))
                .findFirst()
                .orElseThrow(() -> new AssertionError(device));
        assertEquals("succeeded", outcome.get("outcome").getAsString());
        assertEquals("Reboot", outcome.get("action").getAsString());
        assertEquals(OTTO, outcome.getAsJsonObject("actor").get("objectId").getAsString());
        assertEquals("otto", outcome.getAsJsonObject("actor").get("displayName").getAsString());
        assertEquals(
                "e2e-req-1",
                outcome.getAsJsonObject("request").get("clientRequestId").getAsString());
        assertFalse(device.toString().contains("contoso"), device.toString());

        List<JsonObject> refused = audit("actor=" + RITA);
        assertTrue(
                refused.stream()
                        .anyMatch(r -> is(r, "FactoryReset", "denied", RITA)
                                && r.get("route").getAsString().equals("/api/devices/approval-003/factory-reset")),
                refused.toString());
        HttpResponse<String> bad = runner.send("GET", "/api/audit?from=yesterday", rita, null, Map.of());
        assertEquals(400, bad.statusCode());
        assertTrue(bad.body().contains("\"field\":\"from\""), bad.body());
        assertEquals(
                401,
                runner.send("GET", "/api/audit", null, null, Map.of()).statusCode(),
                "without a token: the platform's 401");
    }

    // ---- helpers ----------------------------------------------------------------------------

    private static boolean is(JsonObject record, String action, String outcome, String actor) {
        return record.get("action").getAsString().equals(action)
                && record.get("outcome").getAsString().equals(outcome)
                && record.has("actor")
                && record.getAsJsonObject("actor").get("objectId").getAsString().equals(actor);
    }

    /** Every page of {@code GET /api/audit?query}, as a Reader. */
    private static List<JsonObject> audit(String query) throws Exception {
        List<JsonObject> out = new ArrayList<>();
        String token = null;
        do {
            String url = "/api/audit?pageSize=20&" + query
                    + (token == null ? "" : "&continuationToken=" + URLEncoder.encode(token, StandardCharsets.UTF_8));
            HttpResponse<String> r = runner.send("GET", url, rita, null, Map.of());
            assertEquals(200, r.statusCode(), r.body());
            JsonObject page = json(r);
            page.getAsJsonArray("records").forEach(e -> out.add(e.getAsJsonObject()));
            JsonElement next = page.get("continuationToken");
            token = next == null || next.isJsonNull() ? null : next.getAsString();
        } while (token != null);
        return out;
    }

    private static JsonObject awaitOperation(String id, Predicate<String> state) throws Exception {
        JsonObject[] last = new JsonObject[1];
        awaitUntil("operation " + id, () -> {
            last[0] = json(runner.send("GET", "/api/operations/" + id, rita, null, Map.of()));
            return state.test(last[0].get("state").getAsString());
        });
        return last[0];
    }

    private interface Check {
        boolean holds() throws Exception;
    }

    /** Polls {@code check} until it holds, failing after {@link #WAIT}. */
    private static void awaitUntil(String what, Check check) {
        assertTrue(Waits.holdsWithin(WAIT, check::holds), what + " did not happen within " + WAIT + runner.tail());
    }

    private static List<String> operationIds() throws Exception {
        List<String> ids = new ArrayList<>();
        json(runner.send("GET", "/api/operations?pageSize=200", rita, null, Map.of()))
                .getAsJsonArray("operations")
                .forEach(o -> ids.add(o.getAsJsonObject().get("id").getAsString()));
        return ids;
    }

    private static JsonObject json(HttpResponse<String> r) {
        return JsonParser.parseString(r.body()).getAsJsonObject();
    }
}
