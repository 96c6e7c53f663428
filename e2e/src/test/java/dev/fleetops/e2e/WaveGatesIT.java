package dev.fleetops.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.fleetops.device.runtime.DeviceRuntime;
import dev.fleetops.functions.http.RolloutCommandFunctions;
import dev.fleetops.functions.http.RolloutFunctions;
import dev.fleetops.functions.support.TestContext;
import dev.fleetops.functions.timer.RolloutTimerFunction;
import dev.fleetops.functions.wiring.FleetOpsInjector;
import dev.fleetops.localhub.LocalHub;
import dev.fleetops.standins.gates.GateStandIn;
import dev.fleetops.testkit.Waits;
import dev.fleetops.testkit.http.TestHttpRequest;
import dev.fleetops.testkit.http.TestHttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Gates between waves end to end (docs/rollouts.md, "Soak and gates"): reboot rollouts on device agents through the
 * local hub, the operations API and the rollout timer (fired by the test as the host would) with Azurite's tables, and
 * an external gate served over HTTP by {@link GateStandIn}. A gate answering wait holds the next wave, pass opens it,
 * and an Admin's advance opens it without the gate.
 */
class WaveGatesIT {
    private static final int DEVICES = 6;
    private static final String PREFIX = "gate-";

    @TempDir
    static Path dir;

    @AutoClose
    static LocalDevices fleet;

    @AutoClose
    static GateStandIn gates;

    static RolloutFunctions operations;
    static RolloutCommandFunctions commands;
    static RolloutTimerFunction timer;

    @BeforeAll
    static void start() throws Exception {
        gates = GateStandIn.start(0);
        fleet = LocalDevices.start(dir, PREFIX, DEVICES, DEVICES, DeviceRuntime.Extras.NONE);
        // The gate listens on 127.0.0.1: allowed only because this deployment says so, as the local stack does.
        FleetOpsInjector injector = Backend.on(
                fleet.hub, Map.of("METHOD_RESPONSE_TIMEOUT_SECONDS", "10", "FLEETOPS_WEBHOOK_ALLOW_LOCAL", "true"));
        operations = injector.getInstance(RolloutFunctions.class);
        commands = injector.getInstance(RolloutCommandFunctions.class);
        timer = injector.getInstance(RolloutTimerFunction.class);
        fleet.awaitConnected();
    }

    @Test
    void aGateAnsweringWaitHoldsTheNextWaveAndPassOpensIt() {
        String gate = "canary-" + java.util.UUID.randomUUID();
        gates.decide(gate, "wait");
        String op = create(devices(1, 3), gate);

        JsonObject held = tickUntil(op, s -> waiting(s).startsWith("external gate: wait"));
        assertEquals(0, held.get("openWave").getAsInt());
        assertEquals("running", held.get("state").getAsString());
        assertEquals(1L, wave(held, 0).get("succeeded").getAsLong(), "the canary succeeded");
        assertEquals(2L, wave(held, 1).get("queued").getAsLong(), "the next wave was not sent");
        for (int i = 0; i < 3; i++) {
            timer.run("{}", new TestContext("RolloutTimer"));
        }
        JsonObject stillHeld = summary(op);
        assertEquals(0, stillHeld.get("openWave").getAsInt(), "wait never opens a wave");
        assertEquals(2L, wave(stillHeld, 1).get("queued").getAsLong());

        JsonObject asked =
                JsonParser.parseString(gates.asks(gate).get(0).body()).getAsJsonObject();
        assertEquals(op, asked.get("operationId").getAsString());
        assertEquals(0, asked.get("wave").getAsInt());
        assertEquals(1, asked.get("nextWave").getAsInt());
        assertEquals(1L, asked.getAsJsonObject("waveCounts").get("succeeded").getAsLong());

        gates.decide(gate, "pass");
        JsonObject done = tickUntil(op, s -> s.get("state").getAsString().equals("completed"));
        assertEquals(1, done.get("openWave").getAsInt());
        assertEquals(3L, done.getAsJsonObject("counts").get("succeeded").getAsLong());
    }

    @Test
    void anAdminAdvancesPastAGateThatKeepsSayingWait() {
        String gate = "stuck-" + java.util.UUID.randomUUID();
        gates.decide(gate, "wait");
        String op = create(devices(4, 6), gate);
        tickUntil(op, s -> waiting(s).startsWith("external gate: wait"));

        TestHttpResponse advanced = TestHttpResponse.of(commands.advanceOperation(
                TestHttpRequest.post("/api/operations/" + op + "/advance", ""),
                op,
                new TestContext("AdvanceOperation")));
        assertEquals(200, advanced.code(), String.valueOf(advanced.getBody()));
        assertEquals(1, advanced.json().get("openWave").getAsInt());

        JsonObject done = tickUntil(op, s -> s.get("state").getAsString().equals("completed"));
        assertEquals(3L, done.getAsJsonObject("counts").get("succeeded").getAsLong());
        TestHttpResponse again = TestHttpResponse.of(commands.advanceOperation(
                TestHttpRequest.post("/api/operations/" + op + "/advance", ""),
                op,
                new TestContext("AdvanceOperation")));
        assertEquals(409, again.code(), String.valueOf(again.getBody()));
    }

    private static List<String> devices(int from, int to) {
        List<String> ids = new ArrayList<>();
        for (int i = from; i <= to; i++) {
            ids.add("\"" + LocalHub.deviceId(PREFIX, i) + "\"");
        }
        return ids;
    }

    /** A reboot of {@code ids} in two waves (one device, then the rest), gated by {@code gate} with no soak time. */
    private static String create(List<String> ids, String gate) {
        TestHttpResponse created = TestHttpResponse.of(operations.create(
                TestHttpRequest.post(
                        "/api/operations",
                        "{\"action\":\"reboot\",\"target\":{\"deviceIds\":" + ids
                                + "},\"rollout\":{\"waves\":[1," + ids.size() + "],\"wavesAreCounts\":true,"
                                + "\"soakMinutes\":0,\"externalGate\":{\"url\":\"" + gates.url(gate)
                                + "\",\"timeoutSeconds\":5}}}"),
                new TestContext("CreateOperation")));
        assertEquals(202, created.code(), String.valueOf(created.getBody()));
        return created.json().get("id").getAsString();
    }

    private static JsonObject tickUntil(String op, java.util.function.Predicate<JsonObject> done) {
        return Waits.until(
                Waits.upTo(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(300)),
                () -> {
                    timer.run("{}", new TestContext("RolloutTimer"));
                    return summary(op);
                },
                done,
                s -> "operation so far: " + s);
    }

    private static JsonObject summary(String op) {
        TestHttpResponse r = TestHttpResponse.of(
                operations.get(TestHttpRequest.get("/api/operations/" + op), op, new TestContext("GetOperation")));
        assertEquals(200, r.code(), String.valueOf(r.getBody()));
        return r.json();
    }

    private static String waiting(JsonObject summary) {
        return summary.has("soak") && summary.getAsJsonObject("soak").has("waiting")
                ? summary.getAsJsonObject("soak").get("waiting").getAsString()
                : "";
    }

    private static JsonObject wave(JsonObject summary, int wave) {
        return summary.getAsJsonArray("waves").get(wave).getAsJsonObject().getAsJsonObject("counts");
    }
}
