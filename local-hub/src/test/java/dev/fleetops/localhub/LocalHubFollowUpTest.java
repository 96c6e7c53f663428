package dev.fleetops.localhub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.azure.core.credential.AzureSasCredential;
import com.microsoft.azure.sdk.iot.device.ClientOptions;
import com.microsoft.azure.sdk.iot.device.DeviceClient;
import com.microsoft.azure.sdk.iot.device.IotHubClientProtocol;
import com.microsoft.azure.sdk.iot.device.IotHubMessageResult;
import com.microsoft.azure.sdk.iot.device.Message;
import com.microsoft.azure.sdk.iot.device.twin.DirectMethodResponse;
import com.microsoft.azure.sdk.iot.service.jobs.DirectMethodsJobOptions;
import com.microsoft.azure.sdk.iot.service.jobs.ScheduledJob;
import com.microsoft.azure.sdk.iot.service.jobs.ScheduledJobStatus;
import com.microsoft.azure.sdk.iot.service.jobs.ScheduledJobsClient;
import dev.fleetops.localhub.auth.SasToken;
import dev.fleetops.localhub.testsupport.TestHub;
import dev.fleetops.testkit.Waits;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.HttpsURLConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The assembled hub serves jobs, MQTT over WebSocket on its HTTPS port, and cloud-to-device messages. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LocalHubFollowUpTest {
    @TempDir
    Path dir;

    @Test
    void aDeviceOnTheWebSocketPortAnswersAScheduledJobAndReceivesAQueuedCloudToDeviceMessage() throws Exception {
        try (LocalHub hub = LocalHub.builder()
                .stateDir(dir)
                .mqttPort(0)
                .httpsPort(0)
                .devices(1)
                .start()) {
            String deviceId = "device-001";
            String key = hub.hub().device(deviceId).orElseThrow().primaryKey();
            hub.hub().sendCloudToDevice(deviceId, "queued".getBytes(StandardCharsets.UTF_8), Map.of("k", "v"), "q-1");
            HttpsURLConnection.setDefaultSSLSocketFactory(
                    hub.tls().clientContext().getSocketFactory());

            BlockingQueue<Message> received = new LinkedBlockingQueue<>();
            DeviceClient client = new DeviceClient(
                    "127.0.0.1:" + hub.httpsPort(),
                    deviceId,
                    () -> token(deviceId, key).toCharArray(),
                    IotHubClientProtocol.MQTT_WS,
                    ClientOptions.builder()
                            .sslContext(hub.tls().clientContext())
                            .build());
            try {
                client.setMessageCallback(
                        (m, ctx) -> {
                            received.add(m);
                            return IotHubMessageResult.COMPLETE;
                        },
                        null);
                client.open(true);
                client.subscribeToMethods(
                        (name, payload, ctx) -> new DirectMethodResponse(200, Map.of("ok", name)), null);
                Message m = received.poll(15, TimeUnit.SECONDS);
                assertNotNull(m, "the message queued while offline was not delivered over WebSocket");
                assertEquals("q-1", m.getMessageId());
                assertEquals("v", m.getProperty("k"));

                ScheduledJobsClient jobs = new ScheduledJobsClient(
                        hub.serviceEndpoint(),
                        new AzureSasCredential(
                                TestHub.serviceToken(hub.hub().policies(), "iothubowner", Duration.ofMinutes(10))));
                jobs.scheduleDirectMethod(
                        "assembled-job",
                        "deviceId = '" + deviceId + "'",
                        "ping",
                        new Date(),
                        DirectMethodsJobOptions.builder()
                                .methodResponseTimeoutSeconds(10)
                                .methodConnectTimeoutSeconds(0)
                                .build());
                ScheduledJob job = Waits.upTo(Duration.ofSeconds(20), "the job's end")
                        .pollInterval(Duration.ofMillis(50))
                        .until(
                                () -> jobs.get("assembled-job"),
                                j -> j.getJobStatus() == ScheduledJobStatus.completed
                                        || j.getJobStatus() == ScheduledJobStatus.failed);
                assertEquals(ScheduledJobStatus.completed, job.getJobStatus());
                assertEquals(1, job.getJobStatistics().getSucceededCount());
            } finally {
                client.close();
            }
        }
    }

    private static String token(String deviceId, String key) {
        long expiry = Instant.now().getEpochSecond() + 3600;
        String sr = "127.0.0.1/devices/" + deviceId;
        String sig = Base64.getEncoder().encodeToString(SasToken.sign(key, sr, expiry));
        return "SharedAccessSignature sig=" + URLEncoder.encode(sig, StandardCharsets.UTF_8) + "&se=" + expiry + "&sr="
                + sr;
    }
}
