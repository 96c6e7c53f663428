package dev.fleetops.localhub.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.fleetops.localhub.LocalHub;
import dev.fleetops.localhub.jobs.JobEngine;
import dev.fleetops.testkit.Waits;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of a hub process while a direct-method job runs: after a restart the job is queryable over HTTPS, the
 * devices whose call was in flight fail (outcome unknown) and are not called again, the devices not yet started
 * run, and the job ends instead of staying "running".
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DurableJobsCrashTest {
    private static final int DEVICES = 30;

    @TempDir
    Path dir;

    @Test
    void aJobRunningAtKillMinus9ResumesWithoutRunningAnyDeviceTwice() throws Exception {
        Process child = CrashHub.start(dir, DEVICES);
        Instant killedAt;
        int runningAtLastLook;
        try {
            CrashHub.OwnerApi rest = new CrashHub.OwnerApi(dir, CrashHub.httpsPort(child));
            // Devices are offline: each call waits up to 5 s for its device, so calls stay in flight; 10 start per
            // second.
            HttpResponse<String> put = rest.send(
                    "PUT",
                    "/jobs/v2/crash-job",
                    "{\"jobId\":\"crash-job\",\"type\":\"scheduleDeviceMethod\","
                            + "\"queryCondition\":\"IS_DEFINED(deviceId)\",\"maxExecutionTimeInSeconds\":600,"
                            + "\"cloudToDeviceMethod\":{\"methodName\":\"reboot\",\"payload\":{},\"responseTimeoutInSeconds\":5,\"connectTimeoutInSeconds\":5}}");
            assertEquals(200, put.statusCode(), put.body());
            JsonObject stats = Waits.upTo(Duration.ofSeconds(60), "8 devices running")
                    .pollInterval(Duration.ofMillis(50))
                    .until(
                            () -> rest.json("GET", "/jobs/v2/crash-job", null)
                                    .getAsJsonObject()
                                    .getAsJsonObject("deviceJobStatistics"),
                            s -> s.get("runningCount").getAsInt() >= 8);
            runningAtLastLook = stats.get("runningCount").getAsInt();
            killedAt = Instant.now();
            child.destroyForcibly(); // SIGKILL: no shutdown hook, nothing flushed on the way out
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        } finally {
            child.destroyForcibly();
        }
        assertTrue(runningAtLastLook < DEVICES, "some devices had not started at the kill");

        try (LocalHub hub =
                LocalHub.builder().stateDir(dir).mqttPort(0).httpsPort(0).start()) {
            CrashHub.OwnerApi rest = new CrashHub.OwnerApi(dir, hub.httpsPort());
            assertEquals(
                    "running",
                    rest.json("GET", "/jobs/v2/crash-job", null)
                            .getAsJsonObject()
                            .get("status")
                            .getAsString(),
                    "it resumes after " + JobEngine.DEFAULT_RESUME_DELAY.toSeconds() + " s");
            JsonObject job = Waits.upTo(Duration.ofSeconds(60), "the resumed job's end")
                    .pollInterval(Duration.ofMillis(200))
                    .until(
                            () -> rest.json("GET", "/jobs/v2/crash-job", null).getAsJsonObject(),
                            j -> !j.get("status").getAsString().equals("running"));
            assertEquals("completed", job.get("status").getAsString(), job.toString());
            assertEquals(
                    DEVICES,
                    job.getAsJsonObject("deviceJobStatistics")
                            .get("failedCount")
                            .getAsInt());

            JsonArray rows = rest.json(
                            "POST",
                            "/devices/query",
                            "{\"query\":\"SELECT * FROM devices.jobs WHERE devices.jobs.jobId = 'crash-job'\"}")
                    .getAsJsonArray();
            assertEquals(DEVICES, rows.size());
            int interrupted = 0;
            for (JsonElement e : rows) {
                JsonObject row = e.getAsJsonObject();
                Instant started = Instant.parse(row.get("startTimeUtc").getAsString());
                String code = row.getAsJsonObject("error").get("code").getAsString();
                if (code.equals(JobEngine.IN_FLIGHT_CODE)) {
                    interrupted++;
                    assertTrue(started.isBefore(killedAt), row + " started before the kill and was not started again");
                } else {
                    assertEquals("DeviceNotOnline", code, row.toString());
                    assertTrue(
                            started.isAfter(killedAt),
                            row + " had not started before the kill, so it ran after the restart");
                }
            }
            assertTrue(
                    interrupted >= runningAtLastLook && interrupted < DEVICES,
                    interrupted + " rows were in flight at the kill");
            JsonArray listed = rest.json("GET", "/jobs/v2/query?jobType=scheduleDeviceMethod", null)
                    .getAsJsonArray();
            assertEquals(
                    "crash-job", listed.get(0).getAsJsonObject().get("jobId").getAsString());
        }
    }
}
