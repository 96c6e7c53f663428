package dev.fleetops.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleetops.testkit.ChildJvm;
import dev.fleetops.testkit.ProcessLines;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped jar as a developer runs it: the parent reads local.settings.json, the child worker gets
 * the Values as its environment (the app only answers 400 for a bad id once IOTHUB_CONNECTION_STRING
 * reaches it; without it the app answers 500), and stopping the parent stops the child.
 */
class CommandLineRunnerIT {
    private static final Pattern STATUS_LINE =
            Pattern.compile("Host status: (http://127\\.0\\.0\\.1:\\d+)/admin/host/status");

    @Test
    void settingsValuesReachTheAppAndStoppingTheParentStopsTheWorker(@TempDir Path dir) throws Exception {
        Path settings = ShippedRunner.settings(
                dir, "", ",\"Host\":{\"LocalHttpPort\":7071,\"CORS\":\"http://localhost:3000\"}");
        Process parent = ShippedRunner.command(
                        settings,
                        List.of("IOTHUB_CONNECTION_STRING", "AzureWebJobsStorage"),
                        "--port",
                        "0",
                        "--function-key",
                        "cli-key")
                .start();
        try {
            String base = awaitBaseUrl(parent);
            HttpResponse<String> r = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(base + "/api/devices/bad%20id/reboot?code=cli-key"))
                                    .POST(HttpRequest.BodyPublishers.noBody())
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertEquals(400, r.statusCode(), r.body());
            List<ProcessHandle> workers = parent.descendants().toList();
            assertFalse(workers.isEmpty(), "the parent should run a worker JVM");

            parent.destroy();
            assertTrue(parent.waitFor(30, TimeUnit.SECONDS), "parent did not stop");
            for (ProcessHandle worker : workers) {
                worker.onExit().get(30, TimeUnit.SECONDS);
            }
            assertRefused(base);
        } finally {
            parent.descendants().forEach(ProcessHandle::destroyForcibly);
            parent.destroyForcibly();
        }
    }

    /**
     * FLEETOPS_AUTH=entra in the settings file turns the runner's App Service Authentication on; a token printed by
     * {@code StackTool token} for the same state directory gets the request through to the real app.
     */
    @Test
    void entraFromTheSettingsFileRequiresATokenThatTheTokenCommandPrints(@TempDir Path dir) throws Exception {
        Path settings = ShippedRunner.settings(dir, ",\"FLEETOPS_AUTH\":\"entra\"", "");
        Path state = dir.resolve("state");
        Process parent = ShippedRunner.command(
                        settings,
                        List.of("IOTHUB_CONNECTION_STRING", "AzureWebJobsStorage", "FLEETOPS_AUTH"),
                        "--port",
                        "0",
                        "--function-key",
                        "cli-key",
                        "--state-dir",
                        state.toString())
                .start();
        try {
            String base = awaitBaseUrl(parent);
            HttpClient client = HttpClient.newHttpClient();
            HttpRequest.Builder reboot = HttpRequest.newBuilder(
                            URI.create(base + "/api/devices/bad%20id/reboot?code=cli-key"))
                    .POST(HttpRequest.BodyPublishers.noBody());
            assertEquals(
                    401,
                    client.send(reboot.build(), HttpResponse.BodyHandlers.ofString())
                            .statusCode());
            assertEquals(
                    200,
                    client.send(
                                    HttpRequest.newBuilder(URI.create(base + "/api/openapi.json"))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString())
                            .statusCode());

            Process tokenTool = new ProcessBuilder(
                            ChildJvm.javaBin(),
                            "-cp",
                            ShippedRunner.JAR.toString(),
                            "dev.fleetops.runner.stack.StackTool",
                            "token",
                            "--state-dir",
                            state.toString(),
                            "--role",
                            "FleetOps.Admin",
                            "--name",
                            "alice",
                            "--minutes",
                            "5")
                    .start();
            String token = new String(tokenTool.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            assertEquals(
                    0,
                    tokenTool.waitFor(),
                    new String(tokenTool.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
            assertEquals(
                    "rw-------",
                    PosixFilePermissions.toString(
                            Files.getPosixFilePermissions(state.resolve("easyauth-signing-key.json"))));
            HttpResponse<String> r = client.send(
                    reboot.header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(400, r.statusCode(), "the app answers (a bad device id) once the token is valid: " + r.body());
        } finally {
            parent.descendants().forEach(ProcessHandle::destroyForcibly);
            parent.destroyForcibly();
        }
    }

    /**
     * {@code --cors} replaces {@code Host.CORS} from the settings, as {@code func start --cors} does: a preflight from the
     * given origin gets 204 with the allow headers, one from the settings' origin gets none (the browser blocks it), and
     * the actual response carries {@code Access-Control-Allow-Origin} for the allowed origin only.
     */
    @Test
    void corsFromTheCommandLineAnswersPreflightsForItsOriginOnly(@TempDir Path dir) throws Exception {
        Path settings = ShippedRunner.settings(dir, "", ",\"Host\":{\"CORS\":\"http://localhost:3000\"}");
        Process parent = ShippedRunner.command(
                        settings,
                        List.of("IOTHUB_CONNECTION_STRING", "AzureWebJobsStorage"),
                        "--port",
                        "0",
                        "--function-key",
                        "cli-key",
                        "--cors",
                        "http://localhost:5173")
                .start();
        try {
            String base = awaitBaseUrl(parent);
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> preflight = http.send(
                    HttpRequest.newBuilder(URI.create(base + "/api/devices/dev-1/reboot"))
                            .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                            .header("Origin", "http://localhost:5173")
                            .header("Access-Control-Request-Method", "POST")
                            .header("Access-Control-Request-Headers", "x-functions-key,content-type")
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(204, preflight.statusCode(), preflight.body());
            assertEquals(
                    "http://localhost:5173",
                    preflight
                            .headers()
                            .firstValue("Access-Control-Allow-Origin")
                            .orElse(null));
            assertEquals(
                    "POST",
                    preflight
                            .headers()
                            .firstValue("Access-Control-Allow-Methods")
                            .orElse(null));
            assertEquals(
                    "x-functions-key,content-type",
                    preflight
                            .headers()
                            .firstValue("Access-Control-Allow-Headers")
                            .orElse(null));

            HttpResponse<String> replaced = http.send(
                    HttpRequest.newBuilder(URI.create(base + "/api/devices/dev-1/reboot"))
                            .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                            .header("Origin", "http://localhost:3000")
                            .header("Access-Control-Request-Method", "POST")
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertTrue(
                    replaced.headers().firstValue("Access-Control-Allow-Origin").isEmpty(),
                    "Host.CORS from the settings is replaced by --cors: " + replaced.headers());

            HttpResponse<String> actual = http.send(
                    HttpRequest.newBuilder(URI.create(base + "/api/devices/bad%20id/reboot"))
                            .header("Origin", "http://localhost:5173")
                            .header("x-functions-key", "cli-key")
                            .POST(HttpRequest.BodyPublishers.noBody())
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(400, actual.statusCode(), actual.body());
            assertEquals(
                    "http://localhost:5173",
                    actual.headers().firstValue("Access-Control-Allow-Origin").orElse(null));
            assertEquals("Origin", actual.headers().firstValue("Vary").orElse(null));
        } finally {
            parent.descendants().forEach(ProcessHandle::destroyForcibly);
            parent.destroyForcibly();
        }
    }

    private static String awaitBaseUrl(Process parent) throws InterruptedException {
        Matcher m = STATUS_LINE.matcher(
                ProcessLines.of(parent).await(line -> STATUS_LINE.matcher(line).find(), Duration.ofSeconds(60)));
        assertTrue(m.find());
        return m.group(1);
    }

    private static void assertRefused(String base) throws InterruptedException {
        try {
            HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(base + "/admin/host/status"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            throw new AssertionError("the worker still answers after the parent stopped");
        } catch (ConnectException expected) {
            assertNotNull(expected);
        } catch (java.io.IOException other) {
            // connection reset while shutting down also means nobody serves
        }
    }
}
