package dev.fleetops.e2e;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.gson.JsonObject;
import dev.fleetops.testkit.Waits;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged app served by the shipped local runner in a child process, as a user starts it: a settings file,
 * a function key, optionally App Service Authentication ({@code FLEETOPS_AUTH=entra} in the settings) with tokens from
 * {@code StackTool token}. Both runner JVMs trust the local hub's CA, as {@code -Djavax.net.ssl.trustStore} does for
 * users.
 */
final class RunnerProcess implements AutoCloseable {
    static final Path JAR =
            Path.of(System.getProperty("fleetops.localRunner.jar", "../local-runner/target/local-runner.jar"));
    static final Path APP =
            Path.of(System.getProperty("fleetops.functions.staging", "../functions/target/azure-functions/fleetops"));
    static final String TRUST_PASSWORD = "fleetops-e2e";

    private final Process process;
    private final Path log;
    private final Path stateDir;
    private final String key;
    private final String base;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private RunnerProcess(Process process, Path log, Path stateDir, String key, String base) {
        this.process = process;
        this.log = log;
        this.stateDir = stateDir;
        this.key = key;
        this.base = base;
    }

    /**
     * Starts the runner for the app against {@code hub} and Azurite, trusting the hub's CA, and waits until it answers.
     *
     * @param more settings beyond the hub, storage and a fail-fast connect timeout (they win over those)
     */
    static RunnerProcess start(
            Path dir,
            dev.fleetops.localhub.LocalHub hub,
            Map<String, String> more,
            JsonObject host,
            String key,
            String logName)
            throws Exception {
        Map<String, String> values = new java.util.HashMap<>(Map.of(
                "FUNCTIONS_WORKER_RUNTIME", "java",
                "AzureWebJobsStorage", dev.fleetops.functions.support.Azurite.connectionString(),
                "IOTHUB_CONNECTION_STRING", hub.serviceConnectionString("service"),
                "IOTHUB_SERVICE_ENDPOINT", hub.serviceEndpoint(),
                "METHOD_CONNECT_TIMEOUT_SECONDS", "0"));
        values.putAll(more);
        Path trustStore = HttpApiIT.writeTrustStore(hub.caFile(), dir.resolve("hub-ca.p12"));
        return start(dir, values, host, key, trustStore, logName);
    }

    /**
     * Starts the runner and waits until it answers.
     *
     * @param values   the settings file's {@code Values}
     * @param host     its {@code Host} section (CORS), or null
     * @param logName  file under {@code target/} for the runner's output
     */
    static RunnerProcess start(
            Path dir, Map<String, String> values, JsonObject host, String key, Path trustStore, String logName)
            throws IOException {
        assertTrue(Files.exists(JAR), JAR.toAbsolutePath() + " is missing: build local-runner first");
        assertTrue(
                Files.isDirectory(APP), APP.toAbsolutePath() + " is missing: mvn package the functions module first");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        JsonObject file = new JsonObject();
        file.addProperty("IsEncrypted", false);
        JsonObject v = new JsonObject();
        // The DispatchWorker's trigger names its queue by this setting: the runner, like the host, needs it set.
        v.addProperty("ROLLOUT_DISPATCH_QUEUE", "fleetops-dispatch");
        values.forEach(v::addProperty);
        file.add("Values", v);
        if (host != null) {
            host.addProperty("LocalHttpPort", port);
            file.add("Host", host);
        }
        Path settings = dir.resolve("local.settings.json");
        Files.writeString(settings, file.toString());
        Path state = dir.resolve("runner-state");
        Path log = Path.of("target", logName).toAbsolutePath();
        Files.createDirectories(log.getParent());
        List<String> command = new ArrayList<>(List.of(
                java(),
                "-jar",
                JAR.toAbsolutePath().toString(),
                "--app",
                APP.toAbsolutePath().toString(),
                "--settings",
                settings.toString(),
                "--port",
                Integer.toString(port),
                "--function-key",
                key,
                "--state-dir",
                state.toString()));
        ProcessBuilder pb =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment()
                .put(
                        "JAVA_TOOL_OPTIONS",
                        "-Djavax.net.ssl.trustStore=" + trustStore + " -Djavax.net.ssl.trustStorePassword="
                                + TRUST_PASSWORD);
        // Only the settings file decides: nothing from the environment of the test JVM.
        pb.environment()
                .keySet()
                .removeAll(List.of("FLEETOPS_FUNCTION_KEY", "FLEETOPS_AUTH", "FLEETOPS_AUTOMATION_ROLE"));
        RunnerProcess runner = new RunnerProcess(pb.start(), log, state, key, "http://127.0.0.1:" + port);
        runner.awaitUp();
        return runner;
    }

    String base() {
        return base;
    }

    /** A request with the function key, and a bearer token when {@code token} is not null. */
    HttpResponse<String> send(String method, String path, String token, String body, Map<String, String> headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(30))
                .method(
                        method,
                        body == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .header("x-functions-key", key);
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        headers.forEach(b::header);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The HTTP/1.1 client this fixture sends with, for tests that build their own requests. */
    HttpClient http() {
        return http;
    }

    /** A token as {@code StackTool token} prints it for the local stack, signed with this runner's key. */
    String token(String name, String objectId, String role) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                java(),
                "-cp",
                JAR.toAbsolutePath().toString(),
                "dev.fleetops.runner.stack.StackTool",
                "token",
                "--state-dir",
                stateDir.toString(),
                "--name",
                name,
                "--role",
                role));
        if (objectId != null) {
            command.addAll(List.of("--oid", objectId));
        }
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "StackTool token failed: " + out);
        return out;
    }

    /** Everything the runner printed so far. */
    String output() throws IOException {
        return Files.readString(log);
    }

    /** The runner's last lines, for failure messages. */
    String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return "\n--- local runner (" + log + ") ---\n"
                    + String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private void awaitUp() {
        boolean up = Waits.holdsWithin(Duration.ofSeconds(90), () -> {
            if (!process.isAlive()) {
                fail("the local runner exited with " + process.exitValue() + tail());
            }
            try {
                return send("GET", "/admin/host/status", null, null, Map.of()).statusCode() == 200;
            } catch (IOException notListeningYet) {
                return false;
            }
        });
        assertTrue(up, "the local runner did not start" + tail());
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
