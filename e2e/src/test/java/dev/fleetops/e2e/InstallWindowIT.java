package dev.fleetops.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.fleetops.contract.Timestamps;
import dev.fleetops.device.runtime.DeviceRuntime;
import dev.fleetops.testkit.Packages;
import dev.fleetops.testkit.Waits;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18 item 5 end to end: the packaged app in the local runner, the local hub and two device agents, one in
 * Tokyo (UTC+9) and one in Shanghai (UTC+8), neither with daylight-saving time. A firmware rollout asks both to
 * install in the window that opens at the same wall-clock time in each device's own zone, computed from now so
 * that it is open in Tokyo and opens about a minute from now in Shanghai (an hour behind). Both download at once;
 * the Tokyo device installs at once, the Shanghai device reports {@code installScheduled} (still on its old
 * version) and installs only once its local window opened. The rollout does not time it out meanwhile.
 */
class InstallWindowIT {
    private static final Duration WAIT = Duration.ofMinutes(4);
    private static final String KEY = "e2e-" + UUID.randomUUID();
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    @TempDir
    static Path dir;

    static LocalDevices fleet;
    static RunnerProcess runner;
    static String tokyo;
    static String shanghai;

    @BeforeAll
    static void start() throws Exception {
        fleet = LocalDevices.start(
                dir,
                "iw" + RUN + "-",
                2,
                List.of(
                        DeviceRuntime.Extras.NONE.withTimeZone(TOKYO),
                        DeviceRuntime.Extras.NONE.withTimeZone(SHANGHAI)));
        tokyo = fleet.devices.get(0).deviceId();
        shanghai = fleet.devices.get(1).deviceId();
        runner = RunnerProcess.start(
                dir,
                fleet.hub,
                Map.of(
                        "METHOD_RESPONSE_TIMEOUT_SECONDS", "10",
                        "PROGRESS_SCHEDULE", "0 0 0 1 1 *",
                        "ROLLOUT_SCHEDULE", "*/2 * * * * *",
                        "FLEETOPS_AUTOMATION_ROLE", "FleetOps.Admin"),
                null,
                KEY,
                "install-window-runner.log");
        for (DeviceRuntime d : fleet.devices) {
            Waits.upTo(WAIT, d.deviceId() + " connected and reporting its zone")
                    .until(() -> fleet.hub.hub().isConnected(d.deviceId())
                            && reported(d.deviceId()).has("timeZone"));
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (runner != null) {
            runner.close();
        }
        if (fleet != null) {
            fleet.close();
        }
    }

    private static JsonObject reported(String deviceId) {
        return fleet.hub.hub().twin(deviceId).getAsJsonObject("properties").getAsJsonObject("reported");
    }

    private static JsonObject firmwareReport(String deviceId) {
        JsonObject dm = reported(deviceId).getAsJsonObject("iothubDM");
        return dm != null && dm.get("firmwareUpdate") instanceof JsonObject fw ? fw : new JsonObject();
    }

    private static String status(JsonObject report) {
        return report.has("status") ? report.get("status").getAsString() : "";
    }

    private static JsonObject json(HttpResponse<String> r) {
        return JsonParser.parseString(r.body()).getAsJsonObject();
    }

    @Test
    void theDeviceInTheOtherZoneInstallsOnlyInsideItsLocalWindow() throws Exception {
        assertEquals("Asia/Tokyo", reported(tokyo).get("timeZone").getAsString());
        assertEquals("Asia/Shanghai", reported(shanghai).get("timeZone").getAsString());

        // The next whole minute at least 40 s from now, on Shanghai's clock; Tokyo's clock is an hour ahead, so a
        // two-hour window from then is open in Tokyo right now.
        Instant opens =
                Instant.now().plusSeconds(40).truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(1));
        LocalTime start = opens.atZone(SHANGHAI).toLocalTime();
        String window = "{\"start\":\"%02d:%02d\",\"durationMinutes\":120,\"timeZone\":\"device\"}"
                .formatted(start.getHour(), start.getMinute());

        byte[] image = Packages.randomBytes(24 * 1024);
        String url = fleet.packages.publish("/fw/iw-2.0.0.bin", image);
        String body = "{\"action\":\"firmwareUpdate\",\"target\":{\"deviceIds\":[\"" + tokyo + "\",\"" + shanghai
                + "\"]},\"firmware\":{\"version\":\"2.0.0\",\"packageUri\":\"" + url + "\",\"sha256\":\""
                + Packages.sha256(image) + "\",\"sizeBytes\":" + image.length + ",\"installWindow\":" + window
                + "},\"deviceTimeoutMinutes\":1}";
        HttpResponse<String> created = runner.send("POST", "/api/operations", null, body, Map.of());
        assertEquals(202, created.statusCode(), created.body());
        String id = json(created).get("id").getAsString();

        // Shanghai: downloaded, verified and waiting, on its old version, before its window opens.
        JsonObject waiting = Waits.until(
                Waits.upTo(WAIT, "Shanghai scheduled its install"),
                () -> firmwareReport(shanghai),
                r -> status(r).equals("installScheduled")
                        || status(r).equals("applying")
                        || status(r).equals("applyComplete"),
                r -> "Shanghai reported " + r);
        assertEquals("installScheduled", status(waiting), "seen waiting first: " + waiting);
        assertEquals(Timestamps.format(opens), waiting.get("installAt").getAsString(), waiting.toString());
        JsonObject dm = reported(shanghai).getAsJsonObject("iothubDM");
        assertEquals("1.0.0", dm.get("firmwareVersion").getAsString(), "not installed before its window");

        // Tokyo: its window is open, so it installs at once, without waiting.
        JsonObject tokyoDone = Waits.until(
                Waits.upTo(WAIT, "Tokyo installed"),
                () -> firmwareReport(tokyo),
                r -> status(r).equals("applyComplete") || status(r).endsWith("Failed"),
                r -> "Tokyo reported " + r);
        assertEquals("applyComplete", status(tokyoDone), tokyoDone.toString());

        // Shanghai installs once its window opened, and the rollout kept it in progress while it waited (its one-minute
        // timeout counts the device's own work, not the wait).
        JsonObject shanghaiDone = Waits.until(
                Waits.upTo(WAIT, "Shanghai installed"),
                () -> firmwareReport(shanghai),
                r -> status(r).equals("applyComplete") || status(r).endsWith("Failed"),
                r -> "Shanghai reported " + r);
        assertEquals("applyComplete", status(shanghaiDone), shanghaiDone.toString());
        Instant installed =
                Timestamps.parse(shanghaiDone.get("updatedAt").getAsString()).orElseThrow();
        assertFalse(installed.isBefore(opens), "installed at " + installed + ", before its window at " + opens);
        assertEquals(
                "2.0.0",
                reported(shanghai)
                        .getAsJsonObject("iothubDM")
                        .get("firmwareVersion")
                        .getAsString());

        JsonObject[] last = new JsonObject[1];
        Waits.upTo(WAIT, "the operation completes").until(() -> {
            last[0] = json(runner.send("GET", "/api/operations/" + id, null, null, Map.of()));
            return "completed".equals(last[0].get("state").getAsString());
        });
        assertEquals(2, last[0].getAsJsonObject("counts").get("succeeded").getAsInt(), last[0].toString());
    }
}
