package dev.fleetops.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.fleetops.device.runtime.DeviceRuntime;
import dev.fleetops.functions.support.Azurite;
import dev.fleetops.testkit.Waits;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16 item 4: two instances of the packaged app (two local runner processes, as two scaled-out instances of one
 * Function App) share Azurite and one hub with {@code ROLLOUT_DISPATCH_MODE=queue}. The rollout timer runs on one of
 * them at a time (the host's singleton lock); its ticks put the devices in queue messages, which the queue-triggered
 * {@code DispatchWorker} on both instances takes; every device is called once and the operation completes.
 */
class QueueDispatchIT {
    private static final int DEVICES = 24;
    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final String KEY = "e2e-" + UUID.randomUUID();
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);

    @TempDir
    static Path dir;

    static LocalDevices fleet;
    static RunnerProcess a;
    static RunnerProcess b;

    @BeforeAll
    static void start() throws Exception {
        fleet = LocalDevices.start(dir, "qd" + RUN + "-", DEVICES, DEVICES, DeviceRuntime.Extras.NONE);
        Path trustStore = HttpApiIT.writeTrustStore(fleet.hub.caFile(), dir.resolve("hub-ca.p12"));
        Map<String, String> values = new HashMap<>(Map.ofEntries(
                Map.entry("FUNCTIONS_WORKER_RUNTIME", "java"),
                Map.entry("AzureWebJobsStorage", Azurite.connectionString()),
                // Both processes are instances of one app: one host id, so one timer lock.
                Map.entry("AzureFunctionsWebHost__hostid", "fleetops-qd-" + RUN),
                Map.entry("IOTHUB_CONNECTION_STRING", fleet.hub.serviceConnectionString("service")),
                Map.entry("IOTHUB_SERVICE_ENDPOINT", fleet.hub.serviceEndpoint()),
                Map.entry("METHOD_RESPONSE_TIMEOUT_SECONDS", "10"),
                Map.entry("METHOD_CONNECT_TIMEOUT_SECONDS", "0"),
                Map.entry("PROGRESS_SCHEDULE", "0 0 0 1 1 *"),
                Map.entry("ROLLOUT_SCHEDULE", "*/2 * * * * *"),
                Map.entry("ROLLOUT_DISPATCH_MODE", "queue"),
                Map.entry("ROLLOUT_DISPATCH_QUEUE", "qd-" + RUN),
                Map.entry("FLEETOPS_AUTOMATION_ROLE", "FleetOps.Admin")));
        Path da = Files.createDirectories(dir.resolve("instance-a"));
        Path db = Files.createDirectories(dir.resolve("instance-b"));
        a = RunnerProcess.start(da, values, null, KEY, trustStore, "queue-dispatch-a.log");
        b = RunnerProcess.start(db, values, null, KEY, trustStore, "queue-dispatch-b.log");
        for (DeviceRuntime d : fleet.devices) {
            Waits.upTo(WAIT, d.deviceId() + " connected")
                    .until(() -> fleet.hub.hub().isConnected(d.deviceId()));
        }
    }

    @AfterAll
    static void stop() throws Exception {
        for (RunnerProcess r : new RunnerProcess[] {a, b}) {
            if (r != null) {
                r.close();
            }
        }
        if (fleet != null) {
            fleet.close();
        }
    }

    private static JsonObject json(HttpResponse<String> r) {
        JsonElement e = JsonParser.parseString(r.body());
        return e.getAsJsonObject();
    }

    @Test
    void twoInstancesDispatchARolloutThroughTheQueueAndEveryDeviceIsCalledOnce() throws Exception {
        List<String> ids = new ArrayList<>();
        StringBuilder list = new StringBuilder();
        for (DeviceRuntime d : fleet.devices) {
            ids.add(d.deviceId());
            list.append(list.length() == 0 ? "" : ",")
                    .append('"')
                    .append(d.deviceId())
                    .append('"');
        }
        HttpResponse<String> created = a.send(
                "POST",
                "/api/operations",
                null,
                "{\"action\":\"reboot\",\"target\":{\"deviceIds\":[" + list + "]}}",
                Map.of());
        assertEquals(202, created.statusCode(), created.body());
        String id = json(created).get("id").getAsString();

        JsonObject[] last = new JsonObject[1];
        Waits.upTo(WAIT, "the operation completes through either instance").until(() -> {
            last[0] = json(b.send("GET", "/api/operations/" + id, null, null, Map.of()));
            return "completed".equals(last[0].get("state").getAsString());
        });
        assertEquals(DEVICES, last[0].getAsJsonObject("counts").get("succeeded").getAsInt(), last[0].toString());

        // Each device was called once: no attempt beyond the first, and the workers' lines add up to the fleet.
        JsonObject devices =
                json(a.send("GET", "/api/operations/" + id + "/devices?pageSize=100", null, null, Map.of()));
        devices.getAsJsonArray("devices")
                .forEach(d -> assertEquals(1, d.getAsJsonObject().get("attempt").getAsInt(), d.toString()));
        int[] called = {workerDevices(a.output(), id), workerDevices(b.output(), id)};
        assertEquals(
                DEVICES, called[0] + called[1], "devices called by instance a and b: " + called[0] + " + " + called[1]);

        // The rollout timer ran on one instance only: the other never ticked this operation.
        boolean aTicked = a.output().contains("operationId=" + id);
        boolean bTicked = b.output().contains("operationId=" + id);
        assertTrue(aTicked ^ bTicked, "exactly one instance ticks (a: " + aTicked + ", b: " + bTicked + ")");
    }

    /** Devices an instance's workers called for {@code id} (their "dispatch" lines, messages run again excluded). */
    private static int workerDevices(String log, String id) {
        Matcher m = Pattern.compile("dispatch operation=" + Pattern.quote(id) + " devices=(\\d+) skipped=(\\d+) calls=")
                .matcher(log);
        int n = 0;
        while (m.find()) {
            n += Integer.parseInt(m.group(1)) - Integer.parseInt(m.group(2));
        }
        return n;
    }
}
