package dev.fleetops.device.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import dev.fleetops.contract.DeviceMethods;
import dev.fleetops.contract.MethodStatus;
import dev.fleetops.device.state.DeviceState;
import dev.fleetops.device.support.AgentHarness;
import dev.fleetops.device.transport.MethodResult;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every malformed direct method gets an answer with a reason and leaves the device exactly as it was. */
class InvalidMethodPayloadTest {
    private static final String SHA = "ab".repeat(32);

    @TempDir
    Path dir;

    private AgentHarness h;
    private String stateBefore;

    @BeforeEach
    void setUp() throws Exception {
        h = new AgentHarness(dir);
        h.start();
        h.hub.clearPatches();
        stateBefore = Files.readString(dir.resolve("state.json"));
    }

    @AfterEach
    void tearDown() {
        h.close();
    }

    private String message(MethodResult r) {
        return ((JsonObject) r.payload()).get("message").getAsString();
    }

    private void assertUnchanged() throws Exception {
        h.idle();
        DeviceState s = h.onDisk();
        assertNull(s.current(), "no operation started");
        assertEquals(AgentHarness.FACTORY_VERSION, s.firmwareVersion());
        assertEquals(
                stateBefore, Files.readString(dir.resolve("state.json")), "nothing persisted, not even an audit line");
        assertTrue(h.hub.patches().isEmpty(), "nothing reported: " + h.hub.patches());
    }

    @Test
    void payloadThatIsNotAnObjectIs400() throws Exception {
        for (String json : new String[] {"[1,2]", "\"reboot now\"", "42", "true"}) {
            MethodResult r = h.call("reboot", json);
            assertEquals(MethodStatus.BAD_REQUEST, r.status(), json);
            assertTrue(message(r).contains("$: must be a JSON object"), message(r));
        }
        assertUnchanged();
    }

    @Test
    void missingAndMistypedFieldsAre400NamingEachField() throws Exception {
        MethodResult r = h.call("firmwareUpdate", "{\"version\":2,\"packageUri\":\"http://x.example/fw\"}");
        assertEquals(MethodStatus.BAD_REQUEST, r.status());
        String m = message(r);
        assertTrue(
                m.contains("version: must be a string")
                        && m.contains("packageUri: must use https")
                        && m.contains("sha256: is required"),
                m);
        MethodResult bad = h.call("reboot", "{\"delaySeconds\":-1,\"operationId\":\"../x\"}");
        assertEquals(MethodStatus.BAD_REQUEST, bad.status());
        assertTrue(message(bad).contains("delaySeconds") && message(bad).contains("operationId"), message(bad));
        assertEquals(
                MethodStatus.BAD_REQUEST,
                h.call("rollback", "{\"operationId\":7}").status());
        assertUnchanged();
    }

    @Test
    void oversizedPayloadIs400BeforeParsing() throws Exception {
        JsonObject big = new JsonObject();
        big.addProperty("version", "2.0.0");
        big.addProperty("packageUri", "https://x.example/fw.bin");
        big.addProperty("sha256", SHA);
        big.add("padding", new JsonPrimitive("x".repeat(DeviceMethods.MAX_PAYLOAD_BYTES)));
        MethodResult r = h.hub.invoke("firmwareUpdate", big);
        assertEquals(MethodStatus.BAD_REQUEST, r.status());
        assertTrue(message(r).contains("at most " + DeviceMethods.MAX_PAYLOAD_BYTES), message(r));
        assertUnchanged();
    }

    @Test
    void payloadJustUnderTheBoundIsStillRead() throws Exception {
        JsonObject ok = new JsonObject();
        ok.add("padding", new JsonPrimitive("x".repeat(DeviceMethods.MAX_PAYLOAD_BYTES - 100)));
        assertEquals(
                MethodStatus.ACCEPTED,
                h.hub.invoke("factoryReset", ok).status(),
                "unknown fields are tolerated on the device");
        h.idle();
    }

    @Test
    void unknownMethodIs400WithTheName() throws Exception {
        MethodResult r = h.call("selfDestruct", "{}");
        assertEquals(MethodStatus.BAD_REQUEST, r.status());
        assertTrue(message(r).contains("selfDestruct"), message(r));
        assertUnchanged();
    }
}
