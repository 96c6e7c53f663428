package dev.fleetops.functions.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.fleetops.contract.MethodAck;
import dev.fleetops.contract.Parsed;
import dev.fleetops.contract.StrictJson;
import dev.fleetops.core.audit.AuditLog;
import dev.fleetops.core.audit.AuditPage;
import dev.fleetops.core.audit.AuditQuery;
import dev.fleetops.core.audit.AuditRecord;
import dev.fleetops.core.audit.Auditor;
import dev.fleetops.core.audit.InMemoryAuditLog;
import dev.fleetops.core.device.DeviceActionService;
import dev.fleetops.core.hub.MethodAnswer;
import dev.fleetops.core.identity.AccessPolicy;
import dev.fleetops.core.identity.AuthSettings;
import dev.fleetops.core.identity.Authenticator;
import dev.fleetops.core.identity.ClientPrincipalHeaders;
import dev.fleetops.core.rollout.service.ApprovalPolicy;
import dev.fleetops.core.rollout.service.InMemoryRolloutStore;
import dev.fleetops.core.rollout.service.RolloutControl;
import dev.fleetops.core.rollout.service.RolloutService;
import dev.fleetops.functions.support.TestContext;
import dev.fleetops.standins.http.WorkerHttpRequest;
import dev.fleetops.testkit.http.TestHttpRequest;
import dev.fleetops.testkit.http.TestHttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The HTTP functions with the audit log and two-person approval wired as the app wires them ({@code FLEETOPS_AUTH=entra}):
 * who is recorded for each action and refusal, what {@code GET /api/audit} answers, and the approval flow.
 */
class AuditAndApprovalFunctionsTest {
    /**
     * A start that never comes during the run (other suites' runners tick every operation in the shared storage)
     * yet lies within the 366 days a create accepts.
     */
    private static final String LATER = java.time.Instant.now()
            .plus(java.time.Duration.ofDays(300))
            .truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
            .toString();

    private static final String ALICE = "11111111-1111-4111-8111-111111111111";
    private static final String BOB = "22222222-2222-4222-8222-222222222222";
    private static final String RITA = "33333333-3333-4333-8333-333333333333";

    private final InMemoryAuditLog log = new InMemoryAuditLog();
    private final Auditor auditor = new Auditor(log, Clock.systemUTC());
    private final Supplier<AccessGate> gate = gate(log);
    private final InMemoryRolloutStore store = new InMemoryRolloutStore();
    private final List<String> invoked = new ArrayList<>();
    private final RolloutFunctions rollouts = new RolloutFunctions(
            () -> new RolloutService(
                    store, Clock.systemUTC(), auditor, ApprovalPolicy.required(100, Duration.ofHours(24))),
            () -> new RolloutControl(store, Clock.systemUTC(), auditor),
            gate);
    private final RolloutCommandFunctions commands =
            new RolloutCommandFunctions(() -> new RolloutControl(store, Clock.systemUTC(), auditor), gate);
    private final AuditFunction audit = new AuditFunction(() -> log, gate);

    private static Supplier<AccessGate> gate(AuditLog log) {
        Map<String, String> entra = Map.of("FLEETOPS_AUTH", "entra");
        AccessGate g = new AccessGate(
                new Authenticator(((Parsed.Valid<AuthSettings>) AuthSettings.from(entra)).value()),
                ((Parsed.Valid<AccessPolicy>) AccessPolicy.from(entra)).value(),
                () -> new Auditor(log, Clock.systemUTC()));
        return () -> g;
    }

    private static WorkerHttpRequest<java.util.Optional<String>> as(
            WorkerHttpRequest<java.util.Optional<String>> r, String oid, String name, String... roles) {
        return r.withHeader(
                "x-ms-client-principal",
                ClientPrincipalHeaders.encode(ClientPrincipalHeaders.userJson(oid, name, roles)));
    }

    private DeviceActionFunctions actions(Supplier<DeviceActionService> service) {
        return new DeviceActionFunctions(service, gate);
    }

    private DeviceActionService accepting() {
        return new DeviceActionService(
                (d, m, p) -> {
                    invoked.add(d + " " + m);
                    return new MethodAnswer(202, StrictJson.GSON.toJsonTree(MethodAck.accepted("x", "accepted")));
                },
                Clock.systemUTC(),
                auditor);
    }

    private JsonObject auditQuery(Map<String, String> params) {
        WorkerHttpRequest<java.util.Optional<String>> r =
                as(TestHttpRequest.get("/api/audit"), RITA, "Rita", "FleetOps.Reader");
        for (Map.Entry<String, String> p : params.entrySet()) {
            r = r.withQuery(p.getKey(), p.getValue());
        }
        TestHttpResponse response = TestHttpResponse.of(audit.audit(r, new TestContext("Audit")));
        assertEquals(200, response.code(), () -> String.valueOf(response.getBody()));
        return response.json();
    }

    private static List<JsonObject> records(JsonObject page) {
        List<JsonObject> out = new ArrayList<>();
        page.getAsJsonArray("records").forEach(e -> out.add(e.getAsJsonObject()));
        return out;
    }

    @Test
    void aSingleDeviceActionIsAuditedWithThePlatformPrincipalAndTheRequestIds() {
        WorkerHttpRequest<java.util.Optional<String>> req = as(
                        TestHttpRequest.post("/api/devices/dev-9/factory-reset", "{\"operationId\":\"reset-9\"}"),
                        ALICE,
                        "Alice",
                        "FleetOps.Admin")
                .withHeader("x-ms-client-request-id", "portal-req-1")
                .withHeader("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")
                .withHeader("x-ms-client-principal-name", "ceo@contoso.com");
        assertEquals(
                202,
                TestHttpResponse.of(
                                actions(this::accepting).factoryReset(req, "dev-9", new TestContext("FactoryReset")))
                        .code());
        List<JsonObject> rs = records(auditQuery(Map.of("deviceId", "dev-9")));
        assertEquals(2, rs.size(), rs.toString());
        JsonObject outcome =
                rs.stream().filter(r -> r.has("intentId")).findFirst().orElseThrow();
        JsonObject intent =
                rs.stream().filter(r -> !r.has("intentId")).findFirst().orElseThrow();
        assertEquals("pending", intent.get("outcome").getAsString());
        assertEquals(intent.get("id").getAsString(), outcome.get("intentId").getAsString());
        assertEquals("succeeded", outcome.get("outcome").getAsString());
        assertEquals("FactoryReset", outcome.get("action").getAsString());
        assertEquals("reset-9", outcome.get("operationId").getAsString());
        JsonObject actor = outcome.getAsJsonObject("actor");
        assertEquals(ALICE, actor.get("objectId").getAsString());
        assertEquals("Alice", actor.get("displayName").getAsString(), "object id and name are separate fields");
        assertEquals("user", actor.get("kind").getAsString());
        assertEquals("[\"FleetOps.Admin\"]", actor.getAsJsonArray("roles").toString());
        JsonObject ids = outcome.getAsJsonObject("request");
        assertEquals("inv-1", ids.get("invocationId").getAsString());
        assertEquals("portal-req-1", ids.get("clientRequestId").getAsString());
        assertEquals(
                "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
                ids.get("traceparent").getAsString());
        assertFalse(rs.toString().contains("contoso"), "no header the caller chose names anybody");
    }

    @Test
    void refusalsAtTheDoorAreAuditedAndA401CarriesNothingFromTheHeaders() {
        WorkerHttpRequest<java.util.Optional<String>> anonymous = TestHttpRequest.post(
                        "/api/devices/dev-1/reboot", null)
                .withHeader("x-ms-client-request-id", "sneaky-1")
                .withHeader("x-ms-client-principal-name", "ceo@contoso.com");
        assertEquals(
                401,
                TestHttpResponse.of(actions(this::accepting).reboot(anonymous, "dev-1", new TestContext("Reboot")))
                        .code());
        WorkerHttpRequest<java.util.Optional<String>> reader = as(
                        TestHttpRequest.post("/api/devices/dev-1/factory-reset", null), RITA, "Rita", "FleetOps.Reader")
                .withHeader("x-ms-client-request-id", "rita-req");
        assertEquals(
                403,
                TestHttpResponse.of(
                                actions(this::accepting).factoryReset(reader, "dev-1", new TestContext("FactoryReset")))
                        .code());
        assertTrue(invoked.isEmpty());

        List<AuditRecord> denied = log.all();
        assertEquals(2, denied.size(), denied.toString());
        AuditRecord unauthenticated =
                denied.stream().filter(r -> r.actor() == null).findFirst().orElseThrow();
        assertEquals("Reboot", unauthenticated.action());
        assertEquals("/api/devices/dev-1/reboot", unauthenticated.target().route());
        assertTrue(unauthenticated.detail().startsWith("401 unauthenticated"), unauthenticated.detail());
        assertNull(unauthenticated.request().clientRequestId(), "a 401 records no header content");
        assertEquals("inv-1", unauthenticated.request().invocationId());
        AuditRecord forbidden =
                denied.stream().filter(r -> r.actor() != null).findFirst().orElseThrow();
        assertEquals(RITA, forbidden.actor().objectId());
        assertEquals(List.of("FleetOps.Reader"), forbidden.actor().roles());
        assertTrue(forbidden.detail().contains("FleetOps.Admin"), forbidden.detail());
        assertEquals("rita-req", forbidden.request().clientRequestId());
        assertEquals(
                1, records(auditQuery(Map.of("actor", RITA.toUpperCase()))).size(), "found by the caller's object id");
    }

    @Test
    void theAuditListPagesAndRefusesHostileInputNamingTheField() {
        for (int i = 0; i < 5; i++) {
            WorkerHttpRequest<java.util.Optional<String>> r =
                    as(TestHttpRequest.post("/api/devices/pg-1/reboot", null), ALICE, "Alice", "FleetOps.Operator");
            assertEquals(
                    202,
                    TestHttpResponse.of(actions(this::accepting).reboot(r, "pg-1", new TestContext("Reboot")))
                            .code());
        }
        List<String> seen = new ArrayList<>();
        String token = null;
        do {
            Map<String, String> params = new java.util.HashMap<>(Map.of("deviceId", "pg-1", "pageSize", "3"));
            if (token != null) {
                params.put("continuationToken", token);
            }
            JsonObject page = auditQuery(params);
            records(page).forEach(r -> seen.add(r.get("id").getAsString()));
            JsonElement next = page.get("continuationToken");
            token = next == null || next.isJsonNull() ? null : next.getAsString();
        } while (token != null);
        assertEquals(10, seen.size());
        assertEquals(10, new java.util.HashSet<>(seen).size());

        for (Map.Entry<String, String> bad : Map.of(
                        "deviceId",
                        "a/b",
                        "from",
                        "last tuesday",
                        "to",
                        "2026-01-01T00:00:00Z",
                        "pageSize",
                        "5000",
                        "continuationToken",
                        "bm90IGEgdG9rZW4",
                        "actor",
                        "Alice Smith")
                .entrySet()) {
            WorkerHttpRequest<java.util.Optional<String>> r = as(
                            TestHttpRequest.get("/api/audit"), RITA, "Rita", "FleetOps.Reader")
                    .withQuery(bad.getKey(), bad.getValue());
            if (bad.getKey().equals("to")) {
                r = r.withQuery("from", "2026-01-02T00:00:00Z");
            }
            TestHttpResponse response = TestHttpResponse.of(audit.audit(r, new TestContext("Audit")));
            assertEquals(400, response.code(), bad + " " + response.getBody());
            JsonArray errors = response.json().getAsJsonArray("errors");
            String field = bad.getKey().equals("to") ? "from" : bad.getKey();
            assertEquals(field, errors.get(0).getAsJsonObject().get("field").getAsString(), bad.toString());
        }
        TestHttpResponse noRole = TestHttpResponse.of(
                audit.audit(as(TestHttpRequest.get("/api/audit"), RITA, "Rita"), new TestContext("Audit")));
        assertEquals(403, noRole.code());
    }

    @Test
    void aFleetWideFactoryResetWaitsForASecondAdminAndItsCreatorCannotApproveIt() {
        String body = "{\"action\":\"factoryReset\",\"target\":{\"deviceIds\":[\"d1\",\"d2\"]},\"startAt\":\"" + LATER
                + "\"}";
        TestHttpResponse created = TestHttpResponse.of(rollouts.create(
                as(TestHttpRequest.post("/api/operations", body), ALICE, "Alice", "FleetOps.Admin"),
                new TestContext("CreateOperation")));
        assertEquals(202, created.code(), () -> String.valueOf(created.getBody()));
        assertEquals("pendingApproval", created.json().get("state").getAsString());
        assertEquals(
                "pending",
                created.json().getAsJsonObject("approval").get("status").getAsString());
        String id = created.json().get("id").getAsString();

        TestHttpResponse own = TestHttpResponse.of(commands.approveOperation(
                as(TestHttpRequest.post("/x", null), ALICE, "Alice (other name)", "FleetOps.Admin"),
                id,
                new TestContext("ApproveOperation")));
        assertEquals(403, own.code());
        assertEquals("self-approval", own.json().get("code").getAsString());
        assertTrue(
                own.json().get("detail").getAsString().contains("creator"),
                own.json().toString());

        TestHttpResponse operator = TestHttpResponse.of(commands.approveOperation(
                as(TestHttpRequest.post("/x", null), RITA, "Rita", "FleetOps.Operator"),
                id,
                new TestContext("ApproveOperation")));
        assertEquals("FleetOps.Admin", operator.json().get("missingRole").getAsString());

        TestHttpResponse approved = TestHttpResponse.of(commands.approveOperation(
                as(TestHttpRequest.post("/x", null), BOB, "Bob", "FleetOps.Admin"),
                id,
                new TestContext("ApproveOperation")));
        assertEquals(200, approved.code(), () -> String.valueOf(approved.getBody()));
        assertEquals("scheduled", approved.json().get("state").getAsString());

        JsonObject read = TestHttpResponse.of(rollouts.get(
                        as(TestHttpRequest.get("/api/operations/" + id), RITA, "Rita", "FleetOps.Reader"),
                        id,
                        new TestContext("GetOperation")))
                .json();
        JsonObject approval = read.getAsJsonObject("approval");
        assertEquals("approved", approval.get("status").getAsString());
        assertEquals("Alice (" + ALICE + ")", approval.get("requestedBy").getAsString());
        assertEquals(ALICE, approval.get("requestedById").getAsString());
        assertEquals("Bob (" + BOB + ")", approval.get("decidedBy").getAsString());
        assertTrue(
                approval.has("requestedAt") && approval.has("decidedAt") && approval.has("expiresAt"),
                approval.toString());

        List<JsonObject> trail = records(auditQuery(Map.of("operationId", id)));
        assertTrue(
                trail.stream()
                        .anyMatch(r -> r.get("action").getAsString().equals("ApproveOperation")
                                && r.get("outcome").getAsString().equals("denied")
                                && r.getAsJsonObject("actor")
                                        .get("objectId")
                                        .getAsString()
                                        .equals(ALICE)),
                trail.toString());
        assertTrue(trail.stream()
                .anyMatch(r -> r.get("action").getAsString().equals("ApproveOperation")
                        && r.get("outcome").getAsString().equals("succeeded")
                        && r.getAsJsonObject("actor")
                                .get("objectId")
                                .getAsString()
                                .equals(BOB)));
    }

    @Test
    void aRejectionTakesAnOptionalBoundedReason() {
        String body =
                "{\"action\":\"reboot\",\"target\":{\"deviceIds\":" + ids(100) + "},\"startAt\":\"" + LATER + "\"}";
        String id = TestHttpResponse.of(rollouts.create(
                        as(TestHttpRequest.post("/api/operations", body), ALICE, "Alice", "FleetOps.Admin"),
                        new TestContext("CreateOperation")))
                .json()
                .get("id")
                .getAsString();
        TestHttpResponse tooLong = TestHttpResponse.of(commands.rejectOperation(
                as(
                        TestHttpRequest.post("/x", "{\"reason\":\"" + "x".repeat(501) + "\"}"),
                        BOB,
                        "Bob",
                        "FleetOps.Admin"),
                id,
                new TestContext("RejectOperation")));
        assertEquals(400, tooLong.code());
        assertEquals("reason", tooLong.firstErrorField());
        TestHttpResponse unknown = TestHttpResponse.of(commands.rejectOperation(
                as(TestHttpRequest.post("/x", "{\"why\":\"x\"}"), BOB, "Bob", "FleetOps.Admin"),
                id,
                new TestContext("RejectOperation")));
        assertEquals(400, unknown.code());
        TestHttpResponse rejected = TestHttpResponse.of(commands.rejectOperation(
                as(
                        TestHttpRequest.post("/x", "{\"reason\":\"not during the sale\\u202e\"}"),
                        BOB,
                        "Bob",
                        "FleetOps.Admin"),
                id,
                new TestContext("RejectOperation")));
        assertEquals(200, rejected.code(), () -> String.valueOf(rejected.getBody()));
        assertEquals("rejected", rejected.json().get("state").getAsString());
        assertEquals(
                "not during the sale",
                rejected.json().getAsJsonObject("approval").get("reason").getAsString());
        assertEquals(
                409,
                TestHttpResponse.of(commands.approveOperation(
                                as(TestHttpRequest.post("/x", null), BOB, "Bob", "FleetOps.Admin"),
                                id,
                                new TestContext("ApproveOperation")))
                        .code());
    }

    @Test
    void whenTheAuditLogIsDownNothingIsDoneAndTheAnswerIsARetryable503() {
        AuditLog down = new AuditLog() {
            @Override
            public void append(AuditRecord record) {
                throw new IllegalStateException("table storage unreachable");
            }

            @Override
            public AuditPage query(AuditQuery query) {
                throw new UnsupportedOperationException();
            }
        };
        DeviceActionFunctions f = new DeviceActionFunctions(
                () -> new DeviceActionService(
                        (d, m, p) -> {
                            invoked.add(d);
                            return new MethodAnswer(
                                    202, StrictJson.GSON.toJsonTree(MethodAck.accepted("x", "accepted")));
                        },
                        Clock.systemUTC(),
                        new Auditor(down, Clock.systemUTC())),
                gate(down));
        TestContext context = new TestContext("Reboot");
        TestHttpResponse r = TestHttpResponse.of(f.reboot(
                as(TestHttpRequest.post("/api/devices/d/reboot", null), ALICE, "Alice", "FleetOps.Operator"),
                "d",
                context));
        assertEquals(503, r.code());
        assertEquals("audit-unavailable", r.json().get("code").getAsString());
        assertEquals("5", r.getHeader("Retry-After"));
        assertTrue(invoked.isEmpty(), "no action without its record");
        assertFalse(context.logText().contains("IllegalStateException")
                && r.getBody().toString().contains("IllegalStateException"));
    }

    private static String ids(int n) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < n; i++) {
            b.append(i == 0 ? "" : ",").append("\"dev-").append(i).append('"');
        }
        return b.append(']').toString();
    }
}
