package dev.fleetops.bench;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The packaged app in the shipped local runner, a child process started as a user starts it: a settings file, a
 * function key, its own port and state directory, and both runner JVMs (launcher and worker) trusting the local hub's
 * CA through {@code JAVA_TOOL_OPTIONS}, as {@code -Djavax.net.ssl.trustStore} does for users (e2e RunnerProcess does
 * the same for the tests).
 */
public final class RunnerChild implements AutoCloseable {
    private static final String TRUST_PASSWORD = "fleetops-bench";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    private final Process process;
    private final String base;
    private final Path log;
    private final String key;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private RunnerChild(Process process, String base, Path log, String key) {
        this.process = process;
        this.base = base;
        this.log = log;
        this.key = key;
    }

    /**
     * Starts it in {@code dir} (settings file, state directory and {@code runner.log}); {@link #awaitUp} waits for it.
     *
     * @param values the settings file's {@code Values}
     * @param hubCa  the local hub's CA certificates (PEM)
     */
    public static RunnerChild start(
            Path runnerJar, Path app, Path dir, Map<String, String> values, Path hubCa, String key) throws Exception {
        Files.createDirectories(dir);
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        JsonObject v = new JsonObject();
        values.forEach(v::addProperty);
        JsonObject file = new JsonObject();
        file.addProperty("IsEncrypted", false);
        file.add("Values", v);
        Path settings = dir.resolve("local.settings.json");
        Files.writeString(settings, file.toString());
        Path trustStore = trustStore(hubCa, dir.resolve("hub-ca.p12"));
        Path log = dir.resolve("runner.log");
        ProcessBuilder pb = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-jar",
                        runnerJar.toAbsolutePath().toString(),
                        "--app",
                        app.toAbsolutePath().toString(),
                        "--settings",
                        settings.toString(),
                        "--port",
                        Integer.toString(port),
                        "--function-key",
                        key,
                        "--state-dir",
                        dir.resolve("runner-state").toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment()
                .put(
                        "JAVA_TOOL_OPTIONS",
                        "-Djavax.net.ssl.trustStore=" + trustStore + " -Djavax.net.ssl.trustStorePassword="
                                + TRUST_PASSWORD);
        // Only the settings file decides: nothing from this JVM's environment.
        pb.environment()
                .keySet()
                .removeAll(List.of("FLEETOPS_FUNCTION_KEY", "FLEETOPS_AUTH", "FLEETOPS_AUTOMATION_ROLE"));
        RunnerChild r = new RunnerChild(pb.start(), "http://127.0.0.1:" + port, log, key);
        Runtime.getRuntime().addShutdownHook(new Thread(r::close, "runner-reaper"));
        return r;
    }

    /** Waits until the host answers its status URL. */
    public void awaitUp() throws InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the runner exited with " + process.exitValue() + "; see " + log);
            }
            try {
                if (send("GET", "/admin/host/status", null).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the runner did not answer within 120 s; see " + log);
    }

    /** A request with the function key; {@code body} JSON, or null for none. */
    public HttpResponse<String> send(String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(60))
                .header("x-functions-key", key)
                .method(
                        method,
                        body == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    public String base() {
        return base;
    }

    public Path log() {
        return log;
    }

    public Process process() {
        return process;
    }

    /** Everything it printed so far. */
    public String output() throws IOException {
        return Files.readString(log);
    }

    @Override
    public void close() {
        ChildProcesses.stop(process);
    }

    /** A PKCS12 trust store holding the hub's CA certificates. */
    static Path trustStore(Path caPem, Path out) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        int i = 0;
        try (InputStream in = Files.newInputStream(caPem)) {
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                ks.setCertificateEntry("fleetops-local-hub-ca-" + i++, c);
            }
        }
        if (i == 0) {
            throw new IllegalStateException("no certificate in " + caPem);
        }
        try (OutputStream os = Files.newOutputStream(out)) {
            ks.store(os, TRUST_PASSWORD.toCharArray());
        }
        return out;
    }
}
