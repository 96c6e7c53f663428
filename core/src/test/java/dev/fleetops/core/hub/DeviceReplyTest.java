package dev.fleetops.core.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonPrimitive;
import dev.fleetops.contract.StrictJson;
import org.junit.jupiter.api.Test;

class DeviceReplyTest {
    private static DeviceReply reply(int status, String json) {
        return DeviceReply.of(new MethodAnswer(status, json == null ? null : StrictJson.parse(json)));
    }

    @Test
    void theStatusDecidesFirst() {
        assertInstanceOf(DeviceReply.Accepted.class, reply(202, "{\"result\":\"accepted\"}"));
        assertInstanceOf(
                DeviceReply.Refused.class, reply(400, "{\"result\":\"rejected\",\"message\":\"bad payload\"}"));
        assertInstanceOf(DeviceReply.Refused.class, reply(404, null));
        assertInstanceOf(DeviceReply.Refused.class, reply(409, "{\"result\":\"accepted\"}"));
        assertInstanceOf(DeviceReply.Failed.class, reply(500, null));
        assertInstanceOf(DeviceReply.Failed.class, reply(503, "{\"result\":\"accepted\"}"));
        assertInstanceOf(DeviceReply.Failed.class, reply(201, null));
        assertInstanceOf(DeviceReply.Failed.class, reply(302, null));
    }

    @Test
    void a200IsReadFromItsAcknowledgement() {
        assertInstanceOf(DeviceReply.Accepted.class, reply(200, "{\"result\":\"accepted\"}"));
        assertInstanceOf(DeviceReply.Duplicate.class, reply(200, "{\"result\":\"duplicate\"}"));
        assertInstanceOf(DeviceReply.Current.class, reply(200, "{\"result\":\"current\"}"));
        DeviceReply.Refused r = assertInstanceOf(
                DeviceReply.Refused.class,
                reply(200, "{\"result\":\"rejected\",\"message\":\"no\",\"runningOperationId\":\"op-9\"}"));
        assertEquals(200, r.status());
        assertEquals("no", r.message());
        assertEquals("op-9", r.runningOperationId());
    }

    @Test
    void tutorialAndUnreadable200sCountAsStarted() {
        assertEquals(
                "Started reboot",
                assertInstanceOf(
                                DeviceReply.Accepted.class,
                                DeviceReply.of(new MethodAnswer(200, new JsonPrimitive("Started reboot"))))
                        .message());
        assertInstanceOf(DeviceReply.Accepted.class, reply(200, null));
        assertInstanceOf(DeviceReply.Accepted.class, reply(200, "{\"result\":\"launch\"}"));
        assertInstanceOf(DeviceReply.Accepted.class, reply(200, "{\"result\":7,\"message\":[1]}"));
        assertInstanceOf(DeviceReply.Accepted.class, reply(200, "[1,2]"));
    }

    @Test
    void messagesAreBoundedAndHostileIdsDropped() {
        JsonElement huge = StrictJson.parse("{\"result\":\"rejected\",\"message\":\"" + "x".repeat(10_000)
                + "\",\"runningOperationId\":\"<script>\"}");
        DeviceReply.Refused r =
                assertInstanceOf(DeviceReply.Refused.class, DeviceReply.of(new MethodAnswer(409, huge)));
        assertTrue(r.message().length() <= DeviceReply.MAX_MESSAGE + 1);
        assertNull(r.runningOperationId());
        assertEquals("device answered status 500", reply(500, null).message());
    }
}
