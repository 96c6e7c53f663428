package dev.fleetops.core.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.fleetops.contract.FieldError;
import dev.fleetops.core.audit.AuditContext;
import dev.fleetops.core.audit.Auditor;
import dev.fleetops.core.device.ActionOutcome;
import dev.fleetops.core.hub.DeviceTwin;
import dev.fleetops.core.hub.HubFailure;
import dev.fleetops.core.hub.MethodAnswer;
import dev.fleetops.core.hub.MethodCallResult;
import dev.fleetops.core.hub.MethodInvoker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class LogPullServiceTest {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-03T10:00:00Z"), ZoneOffset.UTC);
    static final AuditContext WHO = AuditContext.named("ops@example.com", "PullLogs");

    final List<JsonElement> sent = new ArrayList<>();
    final List<String> signed = new ArrayList<>();
    MethodCallResult answer = new MethodAnswer(202, JsonParser.parseString("{\"result\":\"accepted\"}"));
    JsonObject reported = new JsonObject();

    final MethodInvoker methods = (device, method, payload) -> {
        assertEquals("uploadLogs", method);
        sent.add(payload);
        return answer;
    };
    final LogLinks links = new LogLinks() {
        @Override
        public Optional<String> writeLink(String blobPath, Instant expiresAt) {
            signed.add("write " + blobPath + " until " + expiresAt);
            return Optional.of("https://acct.example/device-logs/" + blobPath + "?sp=cw&sig=x");
        }

        @Override
        public Optional<String> readLink(String blobPath, Instant expiresAt) {
            signed.add("read " + blobPath + " until " + expiresAt);
            return Optional.of("https://acct.example/device-logs/" + blobPath + "?sp=r&sig=y");
        }
    };

    LogPullService service(LogPullSettings.Via via) {
        return new LogPullService(
                methods,
                id -> new DeviceTwin(id, "Connected", null, reported),
                CLOCK,
                Auditor.NONE,
                new LogPullSettings("device-logs", via, Duration.ofMinutes(15)),
                links);
    }

    private static String fields(LogPullOutcome o) {
        ActionOutcome.InvalidRequest bad = assertInstanceOf(
                ActionOutcome.InvalidRequest.class,
                assertInstanceOf(LogPullOutcome.NotStarted.class, o).reason());
        return bad.errors().stream().map(FieldError::field).sorted().collect(Collectors.joining(","));
    }

    @Test
    void throughIotHubTheDeviceIsToldTheBlobNameAndTheCallerWhereItWillBe() {
        LogPullOutcome.Started s = assertInstanceOf(
                LogPullOutcome.Started.class,
                service(LogPullSettings.Via.IOT_HUB)
                        .start(
                                "dev-1",
                                JsonParser.parseString("{\"operationId\":\"pull-1\",\"maxBytes\":65536,"
                                        + "\"since\":\"2026-12-03T09:00:00.000Z\"}"),
                                WHO));
        assertEquals("dev-1/logs/pull-1.log.gz", s.blobPath());
        assertEquals("device-logs", s.container());
        JsonObject p = sent.get(0).getAsJsonObject();
        assertEquals("pull-1", p.get("operationId").getAsString());
        assertEquals("logs/pull-1.log.gz", p.get("blobName").getAsString());
        assertEquals(65536, p.get("maxBytes").getAsInt());
        assertEquals("2026-12-03T09:00:00.000Z", p.get("since").getAsString());
        assertFalse(p.has("uploadUrl"));
        assertTrue(signed.isEmpty());
    }

    @Test
    void withSasUrlsTheDeviceGetsAWriteLinkForExactlyThatBlob() {
        LogPullOutcome.Started s = assertInstanceOf(
                LogPullOutcome.Started.class,
                service(LogPullSettings.Via.SAS_URL).start("dev-1", null, WHO));
        assertEquals(List.of("write " + s.blobPath() + " until 2026-12-03T10:15:00Z"), signed);
        assertTrue(sent.get(0).getAsJsonObject().get("uploadUrl").getAsString().contains(s.blobPath() + "?sp=cw"));
    }

    @Test
    void badInputIsRefusedNamingEveryFieldAndNothingIsSent() {
        assertEquals(
                "blobName,maxBytes,since,uploadUrl",
                fields(service(LogPullSettings.Via.IOT_HUB)
                        .start(
                                "dev-1",
                                JsonParser.parseString("{\"blobName\":\"x\",\"uploadUrl\":\"https://evil.example/x\","
                                        + "\"maxBytes\":1,\"since\":\"soon\"}"),
                                WHO)));
        assertEquals("deviceId", fields(service(LogPullSettings.Via.IOT_HUB).start("bad id/", null, WHO)));
        assertEquals(
                "operationId",
                fields(service(LogPullSettings.Via.IOT_HUB)
                        .start("dev-1", JsonParser.parseString("{\"operationId\":\"op.a2\"}"), WHO)));
        assertTrue(sent.isEmpty());
    }

    @Test
    void anOfflineDeviceAndABusyOneAreNotStarted() {
        answer = HubFailure.of(HubFailure.Kind.DEVICE_OFFLINE, "offline");
        assertInstanceOf(
                ActionOutcome.HubFailed.class,
                ((LogPullOutcome.NotStarted)
                                service(LogPullSettings.Via.IOT_HUB).start("dev-1", null, WHO))
                        .reason());
        answer = new MethodAnswer(
                409, JsonParser.parseString("{\"result\":\"rejected\",\"runningOperationId\":\"pull-0\"}"));
        ActionOutcome.DeviceRejected busy = assertInstanceOf(
                ActionOutcome.DeviceRejected.class,
                ((LogPullOutcome.NotStarted)
                                service(LogPullSettings.Via.IOT_HUB).start("dev-1", null, WHO))
                        .reason());
        assertEquals("pull-0", busy.runningOperationId());
    }

    @Test
    void theStatusSignsAReadLinkForFleetOpsOwnPathWhateverTheDeviceReported() {
        reported.add(
                "logs",
                JsonParser.parseString("{\"operationId\":\"pull-1\",\"status\":\"uploaded\","
                        + "\"blobName\":\"other-device/secret.log\",\"container\":\"device-logs\",\"bytes\":10}"));
        LogStatus.Reported r = assertInstanceOf(
                LogStatus.Reported.class, service(LogPullSettings.Via.IOT_HUB).status("dev-1", "pull-1"));
        assertEquals("https://acct.example/device-logs/dev-1/logs/pull-1.log.gz?sp=r&sig=y", r.readLink());
        assertEquals(List.of("read dev-1/logs/pull-1.log.gz until 2026-12-03T10:15:00Z"), signed);
        assertInstanceOf(
                LogStatus.NoneReported.class,
                service(LogPullSettings.Via.IOT_HUB).status("dev-1", "pull-9"));
    }

    @Test
    void anUnfinishedOrFailedUploadGetsNoLink() {
        reported.add("logs", JsonParser.parseString("{\"operationId\":\"pull-2\",\"status\":\"failed\"}"));
        LogStatus.Reported r = assertInstanceOf(
                LogStatus.Reported.class, service(LogPullSettings.Via.IOT_HUB).status("dev-1", null));
        assertNull(r.readLink());
        assertTrue(signed.isEmpty());
    }
}
