package dev.fleetops.localhub.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.azure.core.credential.AzureSasCredential;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubBadFormatException;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubConflictException;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubNotFoundException;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubTooManyRequestsException;
import com.microsoft.azure.sdk.iot.service.jobs.DirectMethodsJobOptions;
import com.microsoft.azure.sdk.iot.service.jobs.ScheduledJob;
import com.microsoft.azure.sdk.iot.service.jobs.ScheduledJobStatus;
import com.microsoft.azure.sdk.iot.service.jobs.ScheduledJobType;
import com.microsoft.azure.sdk.iot.service.jobs.ScheduledJobsClient;
import com.microsoft.azure.sdk.iot.service.query.JobQueryResponse;
import com.microsoft.azure.sdk.iot.service.query.QueryClient;
import com.microsoft.azure.sdk.iot.service.query.QueryPageOptions;
import com.microsoft.azure.sdk.iot.service.query.RawQueryResponse;
import com.microsoft.azure.sdk.iot.service.twin.Twin;
import dev.fleetops.localhub.hub.Hub;
import dev.fleetops.localhub.hub.TestLink;
import dev.fleetops.localhub.rest.HttpsServer;
import dev.fleetops.localhub.rest.RestApi;
import dev.fleetops.localhub.testsupport.TestHub;
import dev.fleetops.localhub.tls.TlsMaterial;
import dev.fleetops.testkit.Waits;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Jobs driven with the unmodified iot-service-client 2.1.9 ScheduledJobsClient over real HTTPS, S1 limits. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ScheduledJobsSdkTest {
    @TempDir
    static Path stateDir;

    static Hub hub;
    static JobEngine engine;
    static HttpsServer server;
    static String endpoint;
    static ScheduledJobsClient jobs;
    /** Method requests each echo device received, with the time they arrived. */
    static final Map<String, List<Long>> calls = new ConcurrentHashMap<>();

    @BeforeAll
    static void start() throws Exception {
        TlsMaterial tls = TestHub.trustedByTheJvm(stateDir);
        hub = TestHub.inMemory(100);
        engine = new JobEngine(hub, JobLimits.s1());
        server = new HttpsServer(
                new RestApi(hub, Set.of("127.0.0.1", "localhost"), engine), tls.serverContext(), "127.0.0.1", 0);
        endpoint = "127.0.0.1:" + server.start();
        jobs = new ScheduledJobsClient(endpoint, credential("iothubowner"));
    }

    @AfterAll
    static void stop() {
        server.close();
        engine.close();
        hub.close();
    }

    /** S1 allows one active job: a test that leaves one behind must not fail the next. */
    @AfterEach
    void cancelActiveJobs() {
        for (JsonObject j : engine.jobs(null, null)) {
            String status = j.get("status").getAsString();
            if (status.equals("queued") || status.equals("scheduled") || status.equals("running")) {
                engine.cancel(j.get("jobId").getAsString());
            }
        }
    }

    static AzureSasCredential credential(String policy) {
        return new AzureSasCredential(TestHub.serviceToken(hub.policies(), policy, Duration.ofHours(1)));
    }

    /** A registered device tagged {@code group}; connected with a method handler echoing its payload unless {@code online} is false. */
    static void device(String id, String group, boolean online) {
        hub.addDevice(id, null, null, true);
        hub.updateTwin(
                id, JsonParser.parseString("{\"group\":\"" + group + "\"}").getAsJsonObject(), null, null, false);
        if (online) {
            hub.attach(id, new TestLink(true, false) {
                @Override
                public void sendMethodRequest(String methodName, String requestId, byte[] payload) {
                    calls.computeIfAbsent(id, k -> new CopyOnWriteArrayList<>()).add(System.nanoTime());
                    String body = "{\"method\":\"" + methodName + "\",\"got\":"
                            + new String(payload, StandardCharsets.UTF_8) + "}";
                    hub.methodResponse(id, requestId, 200, body.getBytes(StandardCharsets.UTF_8));
                }
            });
        }
    }

    static ScheduledJob awaitEnd(String jobId) {
        Set<ScheduledJobStatus> ended =
                Set.of(ScheduledJobStatus.completed, ScheduledJobStatus.failed, ScheduledJobStatus.cancelled);
        return Waits.upTo(Duration.ofSeconds(30), "the end of job " + jobId)
                .pollInterval(Duration.ofMillis(50))
                .until(() -> jobs.get(jobId), j -> ended.contains(j.getJobStatus()));
    }

    static DirectMethodsJobOptions quickMethod(Object payload) {
        return DirectMethodsJobOptions.builder()
                .payload(payload)
                .methodResponseTimeoutSeconds(5)
                .methodConnectTimeoutSeconds(0)
                .maxExecutionTimeSeconds(60)
                .build();
    }

    @Test
    void directMethodJobRunsOnEveryMatchedDeviceAndReportsCountsAndDeviceRows() throws Exception {
        device("dm-1", "dm", true);
        device("dm-2", "dm", true);
        device("dm-3", "dm", true);
        device("dm-offline", "dm", false);
        device("other-1", "other", true);
        ScheduledJob created = jobs.scheduleDirectMethod(
                "dm-job",
                "tags.group = 'dm'",
                "reboot",
                new Date(),
                quickMethod(JsonParser.parseString("{\"delay\":5}")));
        assertEquals("dm-job", created.getJobId());
        assertEquals(ScheduledJobType.scheduleDeviceMethod, created.getJobType());
        assertTrue(
                created.getJobStatus() == ScheduledJobStatus.queued
                        || created.getJobStatus() == ScheduledJobStatus.running,
                created.getJobStatus().toString());

        ScheduledJob done = awaitEnd("dm-job");
        assertEquals(ScheduledJobStatus.completed, done.getJobStatus());
        assertEquals("tags.group = 'dm'", done.getQueryCondition());
        assertNotNull(done.getCreatedTime());
        assertNotNull(done.getEndTime());
        assertTrue(done.getCloudToDeviceMethod().contains("reboot"), done.getCloudToDeviceMethod());
        assertEquals(4, done.getJobStatistics().getDeviceCount());
        assertEquals(3, done.getJobStatistics().getSucceededCount());
        assertEquals(1, done.getJobStatistics().getFailedCount());
        assertEquals(
                0,
                done.getJobStatistics().getPendingCount()
                        + done.getJobStatistics().getRunningCount());
        assertFalse(calls.containsKey("other-1"), "a device the condition does not match must not be called");

        JobQueryResponse rows = new QueryClient(endpoint, credential("service"))
                .queryJobs(
                        "SELECT * FROM devices.jobs WHERE devices.jobs.jobId = 'dm-job'",
                        QueryPageOptions.builder().pageSize(2).build());
        Map<String, ScheduledJob> byDevice = new ConcurrentHashMap<>();
        while (rows.hasNext()) {
            ScheduledJob row = rows.next();
            byDevice.put(row.getDeviceId(), row);
        }
        assertEquals(Set.of("dm-1", "dm-2", "dm-3", "dm-offline"), byDevice.keySet());
        assertEquals(ScheduledJobStatus.completed, byDevice.get("dm-1").getJobStatus());
        assertEquals(ScheduledJobType.scheduleDeviceMethod, byDevice.get("dm-1").getJobType());
        assertNotNull(byDevice.get("dm-1").getStartTime());
        assertEquals(ScheduledJobStatus.failed, byDevice.get("dm-offline").getJobStatus());
        assertTrue(
                byDevice.get("dm-offline").getError().contains("DeviceNotOnline"),
                byDevice.get("dm-offline").getError());

        // 2.1.9 cannot read the outcome through ScheduledJob (it reads cloudToDeviceMethod instead); the raw row has
        // it.
        RawQueryResponse raw = new QueryClient(endpoint, credential("service"))
                .queryRaw(
                        "SELECT * FROM devices.jobs WHERE devices.jobs.jobId = 'dm-job' AND devices.jobs.deviceId = 'dm-2'");
        JsonObject row = JsonParser.parseString(raw.next()).getAsJsonObject();
        JsonObject response = row.getAsJsonObject("outcome").getAsJsonObject("deviceMethodResponse");
        assertEquals(200, response.get("status").getAsInt());
        assertEquals(
                5,
                response.getAsJsonObject("payload")
                        .getAsJsonObject("got")
                        .get("delay")
                        .getAsInt());
        assertFalse(raw.hasNext());
    }

    @Test
    void twinUpdateJobMergesTagsAndDesiredPropertiesIntoMatchedTwinsOnly() throws Exception {
        device("tw-1", "tw", false);
        device("tw-2", "tw", false);
        device("tw-other", "nope", false);
        Twin update = new Twin();
        update.getTags().put("fw", "2.0");
        update.getDesiredProperties().put("interval", 30);
        ScheduledJob created = jobs.scheduleUpdateTwin("tw-job", "tags.group = 'tw'", update, new Date(), 60);
        assertEquals(ScheduledJobType.scheduleUpdateTwin, created.getJobType());
        ScheduledJob done = awaitEnd("tw-job");
        assertEquals(ScheduledJobStatus.completed, done.getJobStatus());
        assertEquals(2, done.getJobStatistics().getSucceededCount());
        assertEquals("2.0", done.getUpdateTwin().getTags().get("fw"));
        for (String id : List.of("tw-1", "tw-2")) {
            JsonObject twin = hub.twin(id);
            assertEquals("2.0", twin.getAsJsonObject("tags").get("fw").getAsString());
            assertEquals(
                    "tw", twin.getAsJsonObject("tags").get("group").getAsString(), "tags are merged, not replaced");
            assertEquals(
                    30,
                    twin.getAsJsonObject("properties")
                            .getAsJsonObject("desired")
                            .get("interval")
                            .getAsInt());
        }
        assertNull(hub.twin("tw-other").getAsJsonObject("tags").get("fw"));
    }

    @Test
    void aSecondActiveJobIsRefusedWith429004UntilTheFirstIsCancelled() throws Exception {
        Date inOneHour = new Date(System.currentTimeMillis() + 3_600_000);
        ScheduledJob later =
                jobs.scheduleDirectMethod("later-job", "tags.group = 'nobody'", "reboot", inOneHour, quickMethod(null));
        assertEquals(ScheduledJobStatus.scheduled, later.getJobStatus());
        IotHubTooManyRequestsException refused = assertThrows(
                IotHubTooManyRequestsException.class,
                () -> jobs.scheduleDirectMethod(
                        "second-job", "tags.group = 'nobody'", "reboot", new Date(), quickMethod(null)));
        assertEquals(429004, refused.getErrorCode());

        ScheduledJob cancelled = jobs.cancel("later-job");
        assertEquals(ScheduledJobStatus.cancelled, cancelled.getJobStatus());
        assertEquals(ScheduledJobStatus.cancelled, jobs.get("later-job").getJobStatus());
        ScheduledJob second = jobs.scheduleDirectMethod(
                "second-job", "tags.group = 'nobody'", "reboot", new Date(), quickMethod(null));
        assertEquals("second-job", second.getJobId());
        assertEquals(0, awaitEnd("second-job").getJobStatistics().getDeviceCount());
    }

    @Test
    void cancellingARunningJobSkipsTheDevicesNotYetStarted() throws Exception {
        for (int i = 0; i < 20; i++) {
            device("cx-" + i, "cx", true);
        }
        jobs.scheduleDirectMethod("cx-job", "tags.group = 'cx'", "ping", new Date(), quickMethod(null));
        Waits.upTo(Duration.ofSeconds(30), "a first device done")
                .pollInterval(Duration.ofMillis(20))
                .until(() -> jobs.get("cx-job").getJobStatistics().getSucceededCount() >= 1);
        assertEquals(ScheduledJobStatus.cancelled, jobs.cancel("cx-job").getJobStatus());
        ScheduledJob after = awaitEnd("cx-job");
        assertEquals(ScheduledJobStatus.cancelled, after.getJobStatus());
        assertEquals(20, after.getJobStatistics().getDeviceCount());
        assertTrue(
                after.getJobStatistics().getFailedCount() >= 10,
                "at 10 operations/s most devices were never started: "
                        + after.getJobStatistics().getFailedCount());
        assertTrue(after.getJobStatistics().getSucceededCount() >= 1);
    }

    @Test
    void aJobPastItsMaxExecutionTimeFailsAndDoesNotRunTheRemainingDevices() throws Exception {
        for (int i = 0; i < 30; i++) {
            device("mx-" + i, "mx", true);
        }
        jobs.scheduleDirectMethod(
                "mx-job",
                "tags.group = 'mx'",
                "ping",
                new Date(),
                DirectMethodsJobOptions.builder()
                        .methodResponseTimeoutSeconds(5)
                        .methodConnectTimeoutSeconds(0)
                        .maxExecutionTimeSeconds(1)
                        .build());
        ScheduledJob done = awaitEnd("mx-job");
        assertEquals(ScheduledJobStatus.failed, done.getJobStatus());
        assertNotNull(done.getFailureReason());
        assertEquals(30, done.getJobStatistics().getDeviceCount());
        assertTrue(
                done.getJobStatistics().getSucceededCount() <= 15,
                "10 operations/s for 1 s: " + done.getJobStatistics().getSucceededCount());
        assertEquals(
                30,
                done.getJobStatistics().getSucceededCount()
                        + done.getJobStatistics().getFailedCount());
    }

    @Test
    void deviceOperationsRunAtS1sTenPerSecond() throws Exception {
        for (int i = 0; i < 6; i++) {
            device("rate-" + i, "rate", true);
        }
        jobs.scheduleDirectMethod("rate-job", "tags.group = 'rate'", "ping", new Date(), quickMethod(null));
        assertEquals(ScheduledJobStatus.completed, awaitEnd("rate-job").getJobStatus());
        List<Long> times = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            times.addAll(calls.get("rate-" + i));
        }
        long spreadMillis = (times.stream().max(Long::compare).orElseThrow()
                        - times.stream().min(Long::compare).orElseThrow())
                / 1_000_000;
        assertTrue(spreadMillis >= 450, "6 operations at 10/s span at least 0.5 s, took " + spreadMillis + " ms");
    }

    @Test
    void jobIdsAreCheckedAndUnknownJobsAreNotFound() throws Exception {
        jobs.scheduleDirectMethod("dup-job", "tags.group = 'nobody'", "ping", new Date(), quickMethod(null));
        awaitEnd("dup-job");
        assertThrows(
                IotHubConflictException.class,
                () -> jobs.scheduleDirectMethod(
                        "dup-job", "tags.group = 'nobody'", "ping", new Date(), quickMethod(null)));
        assertThrows(
                IotHubBadFormatException.class,
                () -> jobs.scheduleDirectMethod(
                        "bad_id", "tags.group = 'nobody'", "ping", new Date(), quickMethod(null)));
        assertThrows(
                IotHubBadFormatException.class,
                () -> jobs.scheduleDirectMethod(
                        "x".repeat(65), "tags.group = 'nobody'", "ping", new Date(), quickMethod(null)));
        assertThrows(
                IotHubBadFormatException.class,
                () -> jobs.scheduleDirectMethod(
                        "bad-condition", "tags.group = = 'x'", "ping", new Date(), quickMethod(null)));
        IotHubNotFoundException missing = assertThrows(IotHubNotFoundException.class, () -> jobs.get("no-such-job"));
        assertEquals(404002, missing.getErrorCode());
    }

    @Test
    void jobsAreListedByTypeAndStatusAcrossPages() throws Exception {
        device("ls-1", "ls", false);
        for (String id : List.of("ls-a", "ls-b", "ls-c")) {
            Twin update = new Twin();
            update.getTags().put("listed", id);
            jobs.scheduleUpdateTwin(id, "tags.group = 'ls'", update, new Date(), 60);
            assertEquals(ScheduledJobStatus.completed, awaitEnd(id).getJobStatus());
        }
        JobQueryResponse listed = jobs.query(
                ScheduledJobType.scheduleUpdateTwin,
                ScheduledJobStatus.completed,
                QueryPageOptions.builder().pageSize(1).build());
        List<String> ids = new ArrayList<>();
        while (listed.hasNext()) {
            ScheduledJob j = listed.next();
            assertEquals(ScheduledJobType.scheduleUpdateTwin, j.getJobType());
            ids.add(j.getJobId());
        }
        assertTrue(ids.containsAll(List.of("ls-a", "ls-b", "ls-c")), ids.toString());
        JobQueryResponse none = jobs.query(ScheduledJobType.scheduleUpdateTwin, ScheduledJobStatus.running);
        assertFalse(none.hasNext());
    }
}
