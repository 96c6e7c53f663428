package dev.fleetops.device.logupload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.fleetops.device.support.FakeHubSession;
import dev.fleetops.device.transport.MethodResult;
import dev.fleetops.testkit.Waits;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The method's answers (400, 202, 409, duplicate) and the report of an upload the hub cannot take. */
class LogUploadsTest {
    final FakeHubSession session = new FakeHubSession();
    final CountDownLatch release = new CountDownLatch(1);
    final LogUploads uploads = new LogUploads(
            session,
            Clock.systemUTC(),
            () -> "generated-id",
            "dev-1",
            new LogUploads.Source(
                    List::of,
                    () -> {
                        try {
                            release.await(30, TimeUnit.SECONDS); // holds the upload "running"
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    },
                    List.of()),
            HttpClient.newHttpClient());

    private MethodResult call(String json) {
        return uploads.handle(JsonParser.parseString(json));
    }

    private static JsonObject body(MethodResult r) {
        return r.payload().getAsJsonObject();
    }

    @Test
    void badFieldsAre400NamingThem() {
        MethodResult r = call("{\"maxBytes\":1,\"uploadUrl\":\"http://plain.example/x\"}");
        assertEquals(400, r.status());
        String m = body(r).get("message").getAsString();
        assertTrue(m.contains("maxBytes") && m.contains("uploadUrl"), m);
    }

    @Test
    void oneUploadAtATimeAndARepeatIsADuplicate() throws Exception {
        session.open();
        MethodResult first = call("{\"operationId\":\"a\"}");
        assertEquals(202, first.status());
        assertEquals("logs/a.log.gz", body(first).get("blobName").getAsString());
        MethodResult other = call("{\"operationId\":\"b\"}");
        assertEquals(409, other.status());
        assertEquals("a", body(other).get("runningOperationId").getAsString());
        assertEquals(
                "duplicate", body(call("{\"operationId\":\"a\"}")).get("result").getAsString());

        release.countDown();
        // The fake session has no file upload: the upload ends failed, and says why.
        JsonObject logs = Waits.until(
                Waits.upTo(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)),
                () -> session.reported().getAsJsonObject("logs"),
                l -> l != null && l.get("status").getAsString().equals("failed"),
                l -> "reported: " + l);
        assertEquals("a", logs.get("operationId").getAsString());
        assertEquals(
                "logUploadFailed", logs.getAsJsonObject("error").get("code").getAsString());
        assertTrue(
                logs.getAsJsonObject("error").get("message").getAsString().contains("no file upload"), logs.toString());

        // Once the worker let go of "a", a new upload starts (an id of its own when the request has none).
        MethodResult next = Waits.until(
                Waits.upTo(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)),
                () -> call("{}"),
                r -> r.status() != 409,
                r -> "still busy: " + r.payload());
        assertEquals(202, next.status(), String.valueOf(next.payload()));
        assertEquals("generated-id", body(next).get("operationId").getAsString());
        // Running or just ended, the last upload's id is still a duplicate.
        assertEquals(
                "duplicate",
                body(call("{\"operationId\":\"generated-id\"}")).get("result").getAsString());
        uploads.close();
    }
}
