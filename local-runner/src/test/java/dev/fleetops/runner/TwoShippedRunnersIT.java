package dev.fleetops.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleetops.testkit.ProcessLines;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two shipped runners of the real app side by side, as the README says to start them: one settings file, their own
 * ports and state directories, one storage account. Each serves HTTP; each of the app's timers is held by one of
 * them; stopping that one hands its timers to the other.
 */
class TwoShippedRunnersIT {
    private static final Pattern STATUS_LINE =
            Pattern.compile("Host status: (http://127\\.0\\.0\\.1:\\d+)/admin/host/status");

    @Test
    void bothServeWithTheSharedKeyAndEachTimerIsHeldByOneUntilItStops(@TempDir Path dir) throws Exception {
        TestStorage.connectionString(); // skips without Azurite; the settings name it as UseDevelopmentStorage
        String hostId = "cli-two-" + UUID.randomUUID().toString().substring(0, 8);
        Path settings = ShippedRunner.settings(
                dir, ",\"AzureFunctionsWebHost__hostid\":\"" + hostId + "\",\"FLEETOPS_FUNCTION_KEY\":\"two-key\"", "");
        List<String> unset = List.of("IOTHUB_CONNECTION_STRING", "AzureWebJobsStorage", "FLEETOPS_FUNCTION_KEY");
        Process a = ShippedRunner.command(
                        settings,
                        unset,
                        "--port",
                        "0",
                        "--state-dir",
                        dir.resolve("a").toString())
                .start();
        Process b = null;
        try {
            ProcessLines aLines = ProcessLines.of(a);
            String aBase = base(aLines);
            for (String timer : List.of("ProgressTimer", "RolloutTimer")) {
                aLines.await(
                        l -> l.contains("Singleton lock acquired (" + hostId + "/Host.Functions." + timer), MINUTE);
            }
            b = ShippedRunner.command(
                            settings,
                            unset,
                            "--port",
                            "0",
                            "--state-dir",
                            dir.resolve("b").toString())
                    .start();
            ProcessLines bLines = ProcessLines.of(b);
            String bBase = base(bLines);
            for (String base : List.of(aBase, bBase)) {
                // A keyed endpoint of the real app: 400 for the bad id means the shared key got through.
                HttpResponse<String> r = HttpClient.newHttpClient()
                        .send(
                                HttpRequest.newBuilder(URI.create(base + "/api/devices/bad%20id/reboot?code=two-key"))
                                        .POST(HttpRequest.BodyPublishers.noBody())
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
                assertEquals(400, r.statusCode(), base + ": " + r.body());
            }
            assertTrue(!Files.exists(dir.resolve("a").resolve(KeyFile.NAME)), "a given key is not written");
            for (String timer : List.of("ProgressTimer", "RolloutTimer")) {
                bLines.await(
                        l -> l.contains("Unable to acquire Singleton lock (" + hostId + "/Host.Functions." + timer),
                        MINUTE);
            }
            assertTrue(
                    bLines.lines().stream().noneMatch(l -> l.contains("Singleton lock acquired")),
                    "b holds no timer while a runs: " + bLines.lines());

            a.destroy();
            assertTrue(a.waitFor(30, TimeUnit.SECONDS), "a did not stop");
            // b tries again every minute (listenerLockRecoveryPollingInterval) and takes both once a released them.
            for (String timer : List.of("ProgressTimer", "RolloutTimer")) {
                bLines.await(
                        l -> l.contains("Singleton lock acquired (" + hostId + "/Host.Functions." + timer),
                        Duration.ofSeconds(90));
            }
        } finally {
            for (Process p : b == null ? List.of(a) : List.of(a, b)) {
                p.destroy();
                if (!p.waitFor(30, TimeUnit.SECONDS)) {
                    p.descendants().forEach(ProcessHandle::destroyForcibly);
                    p.destroyForcibly();
                }
            }
        }
    }

    private static final Duration MINUTE = Duration.ofSeconds(60);

    private static String base(ProcessLines lines) throws InterruptedException {
        Matcher m = STATUS_LINE.matcher(
                lines.await(line -> STATUS_LINE.matcher(line).find(), MINUTE));
        assertTrue(m.find());
        return m.group(1);
    }
}
