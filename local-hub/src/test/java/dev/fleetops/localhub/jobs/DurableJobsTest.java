package dev.fleetops.localhub.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.fleetops.localhub.auth.AccessPolicy;
import dev.fleetops.localhub.hub.Hub;
import dev.fleetops.localhub.hub.TestLink;
import dev.fleetops.localhub.state.FileRegistryStore;
import dev.fleetops.localhub.state.JobWal;
import dev.fleetops.testkit.Waits;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Jobs in a {@link JobWal} across crashes. A "crash" is a copy of the state files taken while the engine runs (what
 * a killed process leaves: every appended line, fsync'd or not); the restarted engine opens the copy.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DurableJobsTest {
    private static final List<AccessPolicy> POLICIES = AccessPolicy.defaults(new SecureRandom());

    @TempDir
    Path before;

    @TempDir
    Path after;

    private final List<AutoCloseable> open = new CopyOnWriteArrayList<>();
    /** Method requests the devices of the restarted hub received, by device id. */
    private final List<String> callsAfterRestart = new CopyOnWriteArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    @Test
    void inFlightDevicesFailAndUnstartedDevicesRunWhenARunningJobResumes() throws Exception {
        Hub hub = hub(before, "d1", "d2", "d3");
        answering(hub, "d1", null);
        silent(hub, "d2"); // its call is in flight when the hub "crashes"
        answering(hub, "d3", null);
        JobEngine engine = engine(hub, before, DeviceOperationPacer.perSecond(0.5)); // d1 at 0 s, d2 at 2 s, d3 at 4 s
        engine.schedule("fw", methodJob(3600));
        waitUntil(() -> rowStatus(engine, "d1").equals("completed")
                && rowStatus(engine, "d2").equals("running"));
        crashImage();

        Hub restarted = hub(after);
        for (String id : List.of("d1", "d2", "d3")) {
            answering(restarted, id, callsAfterRestart);
        }
        JobEngine resumed = engine(restarted, after, DeviceOperationPacer.UNLIMITED);
        waitUntil(() -> resumed.get("fw").get("status").getAsString().equals("completed"));

        assertEquals(List.of("d3"), callsAfterRestart, "only the device that had not started runs; none runs twice");
        Map<String, JsonObject> rows = rows(resumed, "fw");
        assertEquals(
                200,
                rows.get("d1")
                        .getAsJsonObject("outcome")
                        .getAsJsonObject("deviceMethodResponse")
                        .get("status")
                        .getAsInt());
        assertEquals("failed", rows.get("d2").get("status").getAsString());
        assertEquals(
                JobEngine.IN_FLIGHT_CODE,
                rows.get("d2").getAsJsonObject("error").get("code").getAsString());
        assertEquals("completed", rows.get("d3").get("status").getAsString());
        JsonObject stats = resumed.get("fw").getAsJsonObject("deviceJobStatistics");
        assertEquals(3, stats.get("deviceCount").getAsInt());
        assertEquals(2, stats.get("succeededCount").getAsInt());
        assertEquals(1, stats.get("failedCount").getAsInt());
    }

    @Test
    void aRunningJobPastItsDeadlineAtRestartFailsWithoutRunningTheRest() throws Exception {
        Hub hub = hub(before, "d1", "d2", "d3");
        answering(hub, "d1", null);
        answering(hub, "d2", null);
        answering(hub, "d3", null);
        JobEngine engine = engine(hub, before, DeviceOperationPacer.perSecond(0.5));
        engine.schedule("short", methodJob(1));
        waitUntil(() -> rowStatus(engine, "d1").equals("completed"));
        crashImage();

        // The hub stays down past the job's deadline: the restarted one lives 1.2 s later.
        Hub restarted = hub(after, Clock.offset(Clock.systemUTC(), Duration.ofMillis(1200)));
        for (String id : List.of("d1", "d2", "d3")) {
            answering(restarted, id, callsAfterRestart);
        }
        JobEngine resumed = engine(restarted, after, DeviceOperationPacer.UNLIMITED);
        waitUntil(() -> resumed.get("short").get("status").getAsString().equals("failed"));

        assertTrue(callsAfterRestart.isEmpty(), "nothing runs past the deadline: " + callsAfterRestart);
        assertTrue(resumed.get("short").get("failureReason").getAsString().contains("maxExecutionTimeInSeconds"));
        Map<String, JsonObject> rows = rows(resumed, "short");
        assertEquals("completed", rows.get("d1").get("status").getAsString());
        assertEquals(
                "JobRunPreconditionFailed",
                rows.get("d2").getAsJsonObject("error").get("code").getAsString());
        assertEquals(
                "JobRunPreconditionFailed",
                rows.get("d3").getAsJsonObject("error").get("code").getAsString());
    }

    @Test
    void aScheduledJobSurvivesARestartAndStartsAtItsTime() throws Exception {
        Hub hub = hub(before, "d1");
        JobEngine engine = engine(hub, before, DeviceOperationPacer.UNLIMITED);
        JsonObject body = twinJob();
        body.addProperty("startTime", Instant.now().plusMillis(1500).toString());
        assertEquals("scheduled", engine.schedule("later", body).get("status").getAsString());
        crashImage();

        Hub restarted = hub(after);
        JobEngine resumed = engine(restarted, after, DeviceOperationPacer.UNLIMITED);
        assertEquals("scheduled", resumed.get("later").get("status").getAsString());
        waitUntil(() -> resumed.get("later").get("status").getAsString().equals("completed"));
        assertEquals(
                "north",
                restarted.twin("d1").getAsJsonObject("tags").get("site").getAsString());
    }

    @Test
    void finishedJobsComeBackUnchangedAndKeepTheirIds() throws Exception {
        Hub hub = hub(before, "d1", "d2");
        answering(hub, "d1", null);
        JobEngine engine = engine(hub, before, DeviceOperationPacer.UNLIMITED);
        engine.schedule("tw", twinJob());
        waitUntil(() -> engine.get("tw").get("status").getAsString().equals("completed"));
        engine.schedule("m", methodJob(60)); // d2 is offline: its row fails
        waitUntil(() -> engine.get("m").get("status").getAsString().equals("completed"));
        JsonObject tw = engine.get("tw");
        JsonObject m = engine.get("m");
        List<JsonObject> rows = engine.deviceRows();
        engine.close();
        crashImage();

        JobEngine again = engine(hub(after), after, DeviceOperationPacer.UNLIMITED);
        assertEquals(tw, again.get("tw"));
        assertEquals(m, again.get("m"));
        assertEquals(rows, again.deviceRows());
        assertEquals(List.of(m, tw), again.jobs(null, null), "newest first, as before");
        assertEquals(JobEngine.JOB_ALREADY_EXISTS, assertThrowsHub(() -> again.schedule("tw", twinJob())));
    }

    // ---- helpers -------------------------------------------------------------------------------

    private Hub hub(Path dir, String... devices) {
        return hub(dir, Clock.systemUTC(), devices);
    }

    private Hub hub(Path dir, Clock clock, String... devices) {
        Hub hub = new Hub("127.0.0.1", POLICIES, clock, new FileRegistryStore(dir), 100);
        for (String d : devices) {
            hub.addDevice(d, null, null, true);
        }
        open.add(hub);
        return hub;
    }

    private JobEngine engine(Hub hub, Path dir, DeviceOperationPacer pacer) {
        JobWal wal = new JobWal(dir);
        open.add(wal);
        JobEngine engine = new JobEngine(hub, new JobLimits(1, pacer), wal, Duration.ZERO);
        open.add(engine);
        return engine;
    }

    /** Copies the state files as a killed process leaves them. */
    private void crashImage() throws Exception {
        for (String f : List.of(JobWal.WAL_FILE, JobWal.SNAPSHOT_FILE, FileRegistryStore.FILE)) {
            if (Files.exists(before.resolve(f))) {
                Files.copy(before.resolve(f), after.resolve(f), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    /** A connected device that answers every method with 200 from another thread (links must not block), recording the call. */
    private static void answering(Hub hub, String deviceId, List<String> calls) {
        hub.attach(deviceId, new TestLink(true, true) {
            @Override
            public void sendMethodRequest(String methodName, String requestId, byte[] payload) {
                if (calls != null) {
                    calls.add(deviceId);
                }
                new Thread(() -> hub.methodResponse(
                                deviceId, requestId, 200, "{\"ok\":true}".getBytes(StandardCharsets.UTF_8)))
                        .start();
            }
        });
    }

    private static void silent(Hub hub, String deviceId) {
        hub.attach(deviceId, TestLink.subscribed());
    }

    private static JsonObject methodJob(int maxExecutionSeconds) {
        return JsonParser.parseString(
                        "{\"type\":\"scheduleDeviceMethod\",\"queryCondition\":\"deviceId IN ['d1','d2','d3']\","
                                + "\"maxExecutionTimeInSeconds\":" + maxExecutionSeconds + ","
                                + "\"cloudToDeviceMethod\":{\"methodName\":\"firmwareUpdate\",\"payload\":{\"version\":\"2.0\"},\"responseTimeoutInSeconds\":30}}")
                .getAsJsonObject();
    }

    private static JsonObject twinJob() {
        return JsonParser.parseString("{\"type\":\"scheduleUpdateTwin\",\"queryCondition\":\"deviceId = 'd1'\","
                        + "\"updateTwin\":{\"etag\":\"*\",\"tags\":{\"site\":\"north\"}}}")
                .getAsJsonObject();
    }

    private static String rowStatus(JobEngine engine, String deviceId) {
        return engine.deviceRows().stream()
                .filter(r -> r.get("deviceId").getAsString().equals(deviceId))
                .map(r -> r.get("status").getAsString())
                .findFirst()
                .orElse("none");
    }

    private static Map<String, JsonObject> rows(JobEngine engine, String jobId) {
        Map<String, JsonObject> out = new HashMap<>();
        engine.deviceRows().stream()
                .filter(r -> r.get("jobId").getAsString().equals(jobId))
                .forEach(r -> out.put(r.get("deviceId").getAsString(), r));
        return out;
    }

    private static int assertThrowsHub(Runnable call) {
        try {
            call.run();
        } catch (dev.fleetops.localhub.errors.HubException e) {
            return e.errorCode();
        }
        throw new AssertionError("expected a HubException");
    }

    private static void waitUntil(Callable<Boolean> condition) {
        Waits.upTo(Duration.ofSeconds(20)).until(condition);
    }
}
