package dev.fleetops.functions.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import dev.fleetops.contract.MethodAck;
import dev.fleetops.contract.StrictJson;
import dev.fleetops.core.device.DeviceActionService;
import dev.fleetops.core.hub.DeviceTwin;
import dev.fleetops.core.hub.MethodAnswer;
import dev.fleetops.core.identity.ClientPrincipalHeaders;
import dev.fleetops.core.rollout.service.AuditEvent;
import dev.fleetops.core.rollout.service.InMemoryRolloutStore;
import dev.fleetops.core.rollout.service.RolloutControl;
import dev.fleetops.core.rollout.service.RolloutService;
import dev.fleetops.core.status.DeviceStatusService;
import dev.fleetops.functions.support.TestAccess;
import dev.fleetops.functions.support.TestContext;
import dev.fleetops.standins.http.WorkerHttpRequest;
import dev.fleetops.testkit.http.TestHttpRequest;
import dev.fleetops.testkit.http.TestHttpResponse;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The functions behind the access gate, as App Service Authentication delivers callers ({@code FLEETOPS_AUTH=entra})
 * and as the function key does ({@code key}): who is refused with which problem, and who the audit names.
 */
class AccessAtTheDoorTest {
    private static final Supplier<AccessGate> ENTRA = TestAccess.of(Map.of("FLEETOPS_AUTH", "entra"));
    private static final String DEVICE_TWIN = "{\"iothubDM\":{\"firmwareVersion\":\"1.0.0\"}}";

    private final List<String> invoked = new ArrayList<>();
    private final InMemoryRolloutStore store = new InMemoryRolloutStore();

    private DeviceActionFunctions actions(Supplier<AccessGate> gate) {
        return new DeviceActionFunctions(
                () -> new DeviceActionService(
                        (String d, String m, JsonElement p) -> {
                            invoked.add(d + " " + m);
                            return new MethodAnswer(
                                    202, StrictJson.GSON.toJsonTree(MethodAck.accepted("x", "accepted")));
                        },
                        Clock.systemUTC()),
                gate);
    }

    private static WorkerHttpRequest<java.util.Optional<String>> as(
            WorkerHttpRequest<java.util.Optional<String>> r, String name, String... roles) {
        return r.withHeader("x-ms-client-principal", ClientPrincipalHeaders.user(name, roles));
    }

    /** A signed-in caller asks device d to reboot. */
    private TestHttpResponse rebootAs(String name, String role) {
        return TestHttpResponse.of(actions(ENTRA)
                .reboot(
                        as(TestHttpRequest.post("/api/devices/d/reboot", null), name, role),
                        "d",
                        new TestContext("Reboot")));
    }

    /** A signed-in caller asks device d to reset to factory state. */
    private TestHttpResponse factoryResetAs(String name, String role) {
        return TestHttpResponse.of(actions(ENTRA)
                .factoryReset(
                        as(TestHttpRequest.post("/api/devices/d/factory-reset", null), name, role),
                        "d",
                        new TestContext("FactoryReset")));
    }

    private RolloutFunctions rollouts() {
        return new RolloutFunctions(
                () -> new RolloutService(store, Clock.systemUTC()),
                () -> new RolloutControl(store, Clock.systemUTC()),
                ENTRA);
    }

    private static void assertProblem(TestHttpResponse r, int status, String code) {
        assertEquals(status, r.code(), () -> String.valueOf(r.getBody()));
        assertEquals(code, r.json().get("code").getAsString());
    }

    @Test
    void withoutAPlatformPrincipalEveryGatedRouteIs401AndNothingHappens() {
        TestHttpResponse r = TestHttpResponse.of(actions(ENTRA)
                .reboot(TestHttpRequest.post("/api/devices/d/reboot", null), "d", new TestContext("Reboot")));
        assertProblem(r, 401, "unauthenticated");
        assertEquals("Bearer", r.getHeader("WWW-Authenticate"));
        assertTrue(invoked.isEmpty());
    }

    @Test
    void aNameHeaderTheCallerSetsIsNoIdentity() {
        WorkerHttpRequest<java.util.Optional<String>> forged = TestHttpRequest.post("/api/devices/d/reboot", null)
                .withHeader("x-ms-client-principal-name", "ceo@contoso.com")
                .withHeader("x-ms-client-principal-id", ClientPrincipalHeaders.OID);
        assertProblem(
                TestHttpResponse.of(actions(ENTRA).reboot(forged, "d", new TestContext("Reboot"))),
                401,
                "unauthenticated");
        assertProblem(
                TestHttpResponse.of(actions(TestAccess.of(Map.of()))
                        .factoryReset(
                                TestHttpRequest.post("/api/devices/d/factory-reset", null)
                                        .withHeader(
                                                "x-ms-client-principal",
                                                ClientPrincipalHeaders.user("ceo", "FleetOps.Admin")),
                                "d",
                                new TestContext("FactoryReset"))),
                403,
                "forbidden");
        assertTrue(
                invoked.isEmpty(),
                "in key mode the principal header is the caller's own text: the key's Operator role decides");
    }

    @Test
    void eachRoleIsStoppedAtItsBoundaryWithTheMissingRoleNamed() {
        DeviceStatusFunctions status = new DeviceStatusFunctions(
                () -> new DeviceStatusService(
                        id -> new DeviceTwin(id, "Connected", null, StrictJson.parseObject(DEVICE_TWIN))),
                ENTRA);
        assertEquals(
                200,
                TestHttpResponse.of(status.device(
                                as(TestHttpRequest.get("/api/devices/d"), "reader", "FleetOps.Reader"),
                                "d",
                                new TestContext("Device")))
                        .code());

        TestHttpResponse readerReboot = rebootAs("reader", "FleetOps.Reader");
        assertProblem(readerReboot, 403, "forbidden");
        assertEquals("FleetOps.Operator", readerReboot.json().get("missingRole").getAsString());

        assertEquals(202, rebootAs("op", "FleetOps.Operator").code());
        TestHttpResponse operatorReset = factoryResetAs("op", "FleetOps.Operator");
        assertEquals("FleetOps.Admin", operatorReset.json().get("missingRole").getAsString());
        assertEquals(202, factoryResetAs("admin", "FleetOps.Admin").code());
        assertEquals(List.of("d reboot", "d factoryReset"), invoked);
    }

    @Test
    void anOperatorMayNotTargetAFilterAndNothingIsWritten() {
        RolloutFunctions rollouts = rollouts();
        String body = "{\"action\":\"reboot\",\"target\":{\"filter\":{\"tags\":{\"site\":\"north\"}}}}";
        TestHttpResponse r = TestHttpResponse.of(rollouts.create(
                as(TestHttpRequest.post("/api/operations", body), "op", "FleetOps.Operator"),
                new TestContext("CreateOperation")));
        assertProblem(r, 403, "forbidden");
        assertTrue(
                r.json().get("detail").getAsString().contains("filter"),
                r.json().toString());
        assertTrue(store.list(10).isEmpty());
    }

    @Test
    void theAuditNamesThePlatformPrincipalNeverAHeaderTheCallerChose() {
        RolloutFunctions rollouts = rollouts();
        TestHttpResponse created = TestHttpResponse.of(rollouts.create(
                as(
                                TestHttpRequest.post(
                                        "/api/operations",
                                        "{\"action\":\"reboot\",\"target\":{\"deviceIds\":[\"a\",\"b\"]}}"),
                                "Alice",
                                "FleetOps.Operator")
                        .withHeader("x-ms-client-principal-name", "ceo@contoso.com"),
                new TestContext("CreateOperation")));
        assertEquals(202, created.code(), () -> String.valueOf(created.getBody()));
        String id = created.json().get("id").getAsString();
        RolloutCommandFunctions commands =
                new RolloutCommandFunctions(() -> new RolloutControl(store, Clock.systemUTC()), ENTRA);
        assertEquals(
                200,
                TestHttpResponse.of(commands.pauseOperation(
                                as(TestHttpRequest.post("/x", null), "Bob", "FleetOps.Operator")
                                        .withHeader("x-ms-client-principal-name", "security-officer@contoso.com"),
                                id,
                                new TestContext("PauseOperation")))
                        .code());
        String expectedAlice = "Alice (" + ClientPrincipalHeaders.OID + ")";
        assertEquals(expectedAlice, store.get(id).orElseThrow().createdBy());
        List<String> actors =
                store.auditTrail(id).stream().map(AuditEvent::actor).toList();
        assertTrue(actors.contains("Bob (" + ClientPrincipalHeaders.OID + ")"), actors.toString());
        assertTrue(actors.stream().noneMatch(a -> a.contains("contoso")), actors.toString());
    }
}
