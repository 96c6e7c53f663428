package dev.fleetops.core.rollout.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonElement;
import com.google.gson.JsonPrimitive;
import dev.fleetops.contract.Action;
import dev.fleetops.contract.StrictJson;
import dev.fleetops.core.device.ActionOutcome;
import dev.fleetops.core.device.DeviceActionService;
import dev.fleetops.core.hub.MethodAnswer;
import dev.fleetops.core.rollout.DispatchResult;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A single-device action and a rollout read the same device answer the same way: what the portal is told
 * for one device is what the rollout counts for it.
 */
class OneReadingOfDeviceAnswersTest {
    private enum Meaning {
        STARTED,
        ALREADY_MET,
        REFUSED,
        FAILED
    }

    @Test
    void everyAnswerMeansTheSameToBoth() {
        Map<MethodAnswer, Meaning> answers = new LinkedHashMap<>();
        answers.put(answer(202, "{\"result\":\"accepted\"}"), Meaning.STARTED);
        answers.put(answer(200, "{\"result\":\"accepted\"}"), Meaning.STARTED);
        answers.put(answer(200, "{\"result\":\"duplicate\"}"), Meaning.STARTED);
        answers.put(new MethodAnswer(200, new JsonPrimitive("Started reboot")), Meaning.STARTED);
        answers.put(answer(200, "{\"result\":\"current\"}"), Meaning.ALREADY_MET);
        answers.put(answer(200, "{\"result\":\"rejected\",\"message\":\"no\"}"), Meaning.REFUSED);
        answers.put(answer(400, "{\"result\":\"rejected\"}"), Meaning.REFUSED);
        answers.put(answer(404, null), Meaning.REFUSED);
        answers.put(answer(409, "{\"result\":\"rejected\",\"runningOperationId\":\"op-1\"}"), Meaning.REFUSED);
        answers.put(answer(500, null), Meaning.FAILED);
        answers.put(answer(204, null), Meaning.FAILED);

        answers.forEach((a, expected) -> {
            assertEquals(expected, singleDevice(a), "single device: " + a);
            assertEquals(expected, rollout(a), "rollout: " + a);
        });
    }

    private static MethodAnswer answer(int status, String json) {
        return new MethodAnswer(status, json == null ? null : StrictJson.parse(json));
    }

    private static Meaning singleDevice(MethodAnswer answer) {
        ActionOutcome o = new DeviceActionService((String d, String m, JsonElement p) -> answer)
                .start(Action.REBOOT, "dev-1", null);
        if (o instanceof ActionOutcome.Acknowledged s) {
            return s.result() == dev.fleetops.contract.MethodAck.Result.CURRENT ? Meaning.ALREADY_MET : Meaning.STARTED;
        }
        if (o instanceof ActionOutcome.DeviceRejected) {
            return Meaning.REFUSED;
        }
        if (o instanceof ActionOutcome.DeviceError) {
            return Meaning.FAILED;
        }
        throw new AssertionError(o);
    }

    private static Meaning rollout(MethodAnswer answer) {
        DispatchResult r = Dispatcher.toDispatchResult(answer);
        if (r instanceof DispatchResult.Accepted) {
            return Meaning.STARTED;
        }
        if (r instanceof DispatchResult.AlreadyDone) {
            return Meaning.ALREADY_MET;
        }
        if (r instanceof DispatchResult.Rejected) {
            return Meaning.REFUSED;
        }
        if (r instanceof DispatchResult.Error) {
            return Meaning.FAILED;
        }
        throw new AssertionError(answer + " -> " + r);
    }
}
