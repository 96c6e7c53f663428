package dev.fleetops.core.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import dev.fleetops.contract.Action;
import dev.fleetops.contract.MethodAck;
import dev.fleetops.contract.OperationIds;
import dev.fleetops.contract.StrictJson;
import dev.fleetops.core.hub.HubFailure;
import dev.fleetops.core.hub.MethodAnswer;
import dev.fleetops.core.hub.MethodCallResult;
import dev.fleetops.core.hub.MethodInvoker;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeviceActionServiceTest {

    /** Records calls and answers with a scripted result. */
    static final class ScriptedMethods implements MethodInvoker {
        final List<String> calls = new ArrayList<>();
        final List<JsonElement> payloads = new ArrayList<>();
        MethodCallResult next = new MethodAnswer(202, StrictJson.GSON.toJsonTree(MethodAck.accepted("x", "ok")));

        @Override
        public MethodCallResult invoke(String deviceId, String methodName, JsonElement payload) {
            calls.add(deviceId + "/" + methodName);
            payloads.add(payload);
            return next;
        }
    }

    private final ScriptedMethods methods = new ScriptedMethods();
    private final DeviceActionService service = new DeviceActionService(methods);

    @Test
    void rebootWithoutBodyGetsAGeneratedOperationIdSentToTheDevice() {
        ActionOutcome.Acknowledged s =
                assertInstanceOf(ActionOutcome.Acknowledged.class, service.start(Action.REBOOT, "dev-1", null));
        assertEquals(List.of("dev-1/reboot"), methods.calls);
        assertTrue(OperationIds.isValid(s.operationId()));
        assertEquals(
                s.operationId(),
                methods.payloads.get(0).getAsJsonObject().get("operationId").getAsString());
        assertEquals(MethodAck.Result.ACCEPTED, s.result());
    }

    @Test
    void callerOperationIdIsKeptSoRetriesAreIdempotentOnTheDevice() {
        ActionOutcome.Acknowledged s = assertInstanceOf(
                ActionOutcome.Acknowledged.class,
                service.start(Action.FACTORY_RESET, "dev-1", StrictJson.parse("{\"operationId\":\"reset-42\"}")));
        assertEquals("reset-42", s.operationId());
        assertEquals("dev-1/factoryReset", methods.calls.get(0));
    }

    /**
     * Finding 5 of "rollouts that fail safe": a single-device update carrying a rollout's attempt id made the
     * rollout count the device as succeeded on another version. Such ids are refused before any call.
     */
    @Test
    void aRolloutsAttemptIdIsRefusedOnASingleDeviceRoute() {
        String attemptOfARollout = OperationIds.newId() + ".a1";
        ActionOutcome.InvalidRequest bad = assertInstanceOf(
                ActionOutcome.InvalidRequest.class,
                service.start(
                        Action.FIRMWARE_UPDATE,
                        "dev-1",
                        StrictJson.parse("{\"operationId\":\"" + attemptOfARollout + "\",\"version\":\"9.9.9\","
                                + "\"packageUri\":\"https://x.example/fw\",\"sha256\":\"" + "AB".repeat(32) + "\"}")));
        assertEquals("operationId", bad.errors().get(0).field());
        assertEquals(List.of(), methods.calls, "nothing reaches the device");
        assertInstanceOf(
                ActionOutcome.Acknowledged.class,
                service.start(Action.REBOOT, "dev-1", StrictJson.parse("{\"operationId\":\"nightly.a-team\"}")),
                "only the attempt form is reserved");
    }

    @Test
    void firmwareRequestIsForwardedWithNormalizedFields() {
        service.start(
                Action.FIRMWARE_UPDATE,
                "dev-1",
                StrictJson.parse("{\"version\":\"2.0.0\",\"packageUri\":\"https://x.example/fw\",\"sha256\":\""
                        + "AB".repeat(32) + "\"}"));
        JsonObject sent = methods.payloads.get(0).getAsJsonObject();
        assertEquals("ab".repeat(32), sent.get("sha256").getAsString());
        assertEquals("2.0.0", sent.get("version").getAsString());
        assertTrue(!sent.has("sizeBytes"), "absent optional fields are not sent as null");
    }

    @Test
    void invalidDeviceIdsNeverReachTheHub() {
        for (String id : new String[] {"", "a/b", "a?b", "a%2F", "x".repeat(129), "dev 1", "dév"}) {
            ActionOutcome.InvalidRequest bad =
                    assertInstanceOf(ActionOutcome.InvalidRequest.class, service.start(Action.REBOOT, id, null), id);
            assertEquals("deviceId", bad.errors().get(0).field());
        }
        assertTrue(methods.calls.isEmpty());
    }

    @Test
    void invalidBodiesNeverReachTheHub() {
        ActionOutcome.InvalidRequest bad = assertInstanceOf(
                ActionOutcome.InvalidRequest.class,
                service.start(Action.FIRMWARE_UPDATE, "dev-1", StrictJson.parse("{\"version\":\"1\"}")));
        assertEquals(
                List.of("packageUri", "sha256"),
                bad.errors().stream().map(e -> e.field()).toList());
        assertTrue(methods.calls.isEmpty());
    }

    @Test
    void busyDeviceIsRejectedWithTheRunningOperation() {
        methods.next = new MethodAnswer(
                409,
                StrictJson.GSON.toJsonTree(
                        new MethodAck("new", MethodAck.Result.REJECTED, "firmware update in progress", "fw-7")));
        ActionOutcome.DeviceRejected r =
                assertInstanceOf(ActionOutcome.DeviceRejected.class, service.start(Action.REBOOT, "dev-1", null));
        assertEquals(409, r.deviceStatus());
        assertEquals("fw-7", r.runningOperationId());
        assertEquals("firmware update in progress", r.message());
    }

    @Test
    void hostileRunningOperationIdsAreDropped() {
        methods.next = new MethodAnswer(
                409, StrictJson.parse("{\"result\":\"rejected\",\"runningOperationId\":\"<script>\"}"));
        ActionOutcome.DeviceRejected r =
                assertInstanceOf(ActionOutcome.DeviceRejected.class, service.start(Action.REBOOT, "dev-1", null));
        assertNull(r.runningOperationId());
    }

    @Test
    void tutorialDevicesThatAnswer200WithTextCountAsStarted() {
        methods.next = new MethodAnswer(200, new JsonPrimitive("Started reboot"));
        ActionOutcome.Acknowledged s =
                assertInstanceOf(ActionOutcome.Acknowledged.class, service.start(Action.REBOOT, "dev-1", null));
        assertEquals("Started reboot", s.message());
    }

    @Test
    void duplicateAnswersAreReportedAsSuch() {
        methods.next = new MethodAnswer(200, StrictJson.parse("{\"result\":\"duplicate\",\"message\":\"seen\"}"));
        assertEquals(
                MethodAck.Result.DUPLICATE,
                assertInstanceOf(ActionOutcome.Acknowledged.class, service.start(Action.REBOOT, "dev-1", null))
                        .result());
    }

    @Test
    void deviceServerErrorsAndHugeMessagesAreBounded() {
        methods.next = new MethodAnswer(500, new JsonPrimitive("x".repeat(10_000)));
        ActionOutcome.DeviceError e =
                assertInstanceOf(ActionOutcome.DeviceError.class, service.start(Action.REBOOT, "dev-1", null));
        assertTrue(e.message().length() <= dev.fleetops.core.hub.DeviceReply.MAX_MESSAGE + 1);
    }

    @Test
    void hubFailuresArePassedThrough() {
        HubFailure offline = new HubFailure(HubFailure.Kind.DEVICE_OFFLINE, 404, 404103, "offline", null);
        methods.next = offline;
        ActionOutcome.HubFailed f =
                assertInstanceOf(ActionOutcome.HubFailed.class, service.start(Action.REBOOT, "dev-1", null));
        assertEquals(offline, f.failure());
    }
}
