package dev.fleetops.bench.coldstart;

import dev.fleetops.bench.ChildProcesses;
import dev.fleetops.bench.Stats;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The cold-start benchmark (issue 7): starts the packaged FleetOps app and a packaged "hello" function
 * in the local runner and in a single bare JVM, and measures the time from process start to the first
 * answered request. Both apps run in the same invocation, alternating, so the ratio is fair on a busy
 * machine. Prints figures; asserts nothing.
 *
 * <p>The FleetOps request is {@code GET /api/devices/bad%20id}: the app answers 400 from its own
 * validation, so the figure is JVM + host + app start, not a network call. Then
 * {@code GET /api/devices/device-001} against an IoT Hub endpoint that refuses connections measures
 * the first use of the service clients (built lazily by AppServices) separately.
 */
public final class ColdStartBenchmark {
    private static final String KEY = "cold-start-key";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();

    enum Host {
        RUNNER,
        BARE
    }

    /** One app under test: where it is staged and what to ask it first. */
    record App(String name, Path dir, String firstPath, int firstStatus, String hubPath) {}

    /**
     * One start, in ms: until the host answers its status URL (JVMs up, app loaded, routes listening),
     * until the first function answered, and the first IoT Hub call after that (FleetOps only, else -1).
     */
    record Run(double readyMs, double firstAnswerMs, double firstHubCallMs) {}

    private ColdStartBenchmark() {}

    public static void main(String[] args) throws Exception {
        ColdStartOptions o;
        try {
            o = ColdStartOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("cold-start: " + e.getMessage());
            System.exit(2);
            return;
        }
        if (o.help()) {
            System.out.print(ColdStartOptions.USAGE);
            return;
        }
        for (Path p : List.of(o.fleetopsApp(), o.helloApp(), o.runnerJar())) {
            if (!Files.exists(p)) {
                System.err.println("cold-start: " + p + " is missing; run `mvn -B package -DskipTests` first");
                System.exit(2);
            }
        }
        List<App> apps = List.of(
                new App("fleetops", o.fleetopsApp(), "/api/devices/bad%20id", 400, "/api/devices/device-001"),
                new App("hello", o.helloApp(), "/api/hello", 200, null));
        Map<String, List<Run>> runs = new LinkedHashMap<>();
        Path work = Files.createTempDirectory("cold-start");
        System.out.printf(
                Locale.ROOT,
                "cold start: %d repetitions per (app, host), %d cores, java %s%s%n",
                o.repetitions(),
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"),
                o.javaOptions().isBlank() ? "" : ", JVM options " + o.javaOptions());
        for (int rep = 0; rep < o.repetitions(); rep++) {
            for (Host host : Host.values()) {
                for (App app : apps) {
                    Run r = startOnce(app, host, o, work);
                    runs.computeIfAbsent(key(app.name(), host), k -> new ArrayList<>())
                            .add(r);
                    System.out.printf(
                            Locale.ROOT,
                            "  run %d %-6s %-8s host ready %5.0f ms, first answer %5.0f ms%s%n",
                            rep + 1,
                            host.name().toLowerCase(Locale.ROOT),
                            app.name(),
                            r.readyMs(),
                            r.firstAnswerMs(),
                            r.firstHubCallMs() < 0
                                    ? ""
                                    : String.format(Locale.ROOT, ", first hub call %5.0f ms", r.firstHubCallMs()));
                }
            }
        }
        print(runs, apps);
    }

    private static String key(String app, Host host) {
        return app + "/" + host.name().toLowerCase(Locale.ROOT);
    }

    static Run startOnce(App app, Host host, ColdStartOptions o, Path work) throws IOException, InterruptedException {
        int port = freePort();
        Map<String, String> values = settingsValues(freePort());
        Path settings = work.resolve("local.settings.json");
        StringBuilder json = new StringBuilder("{\"IsEncrypted\":false,\"Values\":{");
        values.forEach(
                (k, v) -> json.append('"').append(k).append("\":\"").append(v).append("\","));
        json.setLength(json.length() - 1);
        json.append("}}");
        Files.writeString(settings, json);

        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        if (!o.javaOptions().isBlank()) {
            command.addAll(Arrays.asList(o.javaOptions().trim().split("\\s+")));
        }
        if (host == Host.RUNNER) {
            command.addAll(List.of("-jar", o.runnerJar().toString()));
        } else {
            command.addAll(List.of("-cp", o.runnerJar().toString(), "dev.fleetops.runner.Main", "--worker"));
        }
        command.addAll(List.of(
                "--app",
                app.dir().toAbsolutePath().toString(),
                "--settings",
                settings.toString(),
                "--port",
                Integer.toString(port),
                "--function-key",
                KEY));
        ProcessBuilder pb = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(work.resolve("host-" + app.name() + ".log").toFile());
        if (host == Host.BARE) {
            // The launcher would put the settings' Values into the worker's environment; here we do.
            pb.environment().putAll(values);
        }
        String base = "http://127.0.0.1:" + port;
        long start = System.nanoTime();
        Process p = pb.start();
        try {
            firstAnswer(base + "/admin/host/status", p);
            double ready = (System.nanoTime() - start) / 1e6;
            int status = firstAnswer(base + app.firstPath(), p);
            double first = (System.nanoTime() - start) / 1e6;
            if (status != app.firstStatus()) {
                throw new IllegalStateException(app.name() + " answered " + status + " to " + app.firstPath()
                        + ", expected " + app.firstStatus() + "; see " + work.resolve("host-" + app.name() + ".log"));
            }
            double hub = -1;
            if (app.hubPath() != null) {
                long h = System.nanoTime();
                get(base + app.hubPath());
                hub = (System.nanoTime() - h) / 1e6;
            }
            return new Run(ready, first, hub);
        } finally {
            ChildProcesses.stop(p);
        }
    }

    /** Settings for a host that needs no services to start: the hub endpoint refuses connections. */
    private static Map<String, String> settingsValues(int closedPort) {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("FUNCTIONS_WORKER_RUNTIME", "java");
        v.put("AzureWebJobsStorage", "UseDevelopmentStorage=true");
        v.put(
                "IOTHUB_CONNECTION_STRING",
                "HostName=127.0.0.1;SharedAccessKeyName=service;SharedAccessKey=Y29sZC1zdGFydA==");
        v.put("IOTHUB_SERVICE_ENDPOINT", "127.0.0.1:" + closedPort);
        // Timers stay quiet during the measurement (once a year).
        v.put("PROGRESS_SCHEDULE", "0 0 0 1 1 *");
        v.put("ROLLOUT_SCHEDULE", "0 0 0 1 1 *");
        v.put("ROLLOUT_DISPATCH_QUEUE", "fleetops-dispatch");
        return v;
    }

    private static int firstAnswer(String url, Process p) throws InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IllegalStateException("the host exited with " + p.exitValue() + " before answering");
            }
            try {
                return get(url);
            } catch (IOException e) {
                Thread.sleep(5);
            }
        }
        throw new IllegalStateException("no answer from " + url + " within " + START_TIMEOUT.toSeconds() + " s");
    }

    private static int get(String url) throws IOException, InterruptedException {
        HttpRequest r = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(60))
                .header("x-functions-key", KEY)
                .GET()
                .build();
        return HTTP.send(r, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void print(Map<String, List<Run>> runs, List<App> apps) throws IOException {
        System.out.println();
        System.out.println("first answered request after process start (median, min-max), ms:");
        for (Host host : Host.values()) {
            String h = host.name().toLowerCase(Locale.ROOT);
            double fleetops = Stats.median(firsts(runs.get(key("fleetops", host))));
            double hello = Stats.median(firsts(runs.get(key("hello", host))));
            for (App app : apps) {
                List<Double> f = firsts(runs.get(key(app.name(), host)));
                System.out.printf(
                        Locale.ROOT,
                        "  %-6s %-8s %7.0f  (%.0f-%.0f)%n",
                        h,
                        app.name(),
                        Stats.median(f),
                        f.stream().mapToDouble(Double::doubleValue).min().orElse(0),
                        f.stream().mapToDouble(Double::doubleValue).max().orElse(0));
            }
            System.out.printf(Locale.ROOT, "  %-6s ratio fleetops/hello %.2f%n", h, fleetops / hello);
        }
        for (Host host : Host.values()) {
            String h = host.name().toLowerCase(Locale.ROOT);
            for (App app : apps) {
                List<Run> f = runs.get(key(app.name(), host));
                System.out.printf(
                        Locale.ROOT,
                        "%-8s %-6s host ready (status URL answers) median %.0f ms; first function answer %.0f ms later%n",
                        app.name(),
                        h,
                        Stats.median(f.stream().map(Run::readyMs).toList()),
                        Stats.median(f.stream()
                                .map(r -> r.firstAnswerMs() - r.readyMs())
                                .toList()));
            }
            System.out.printf(
                    Locale.ROOT,
                    "fleetops %-6s first IoT Hub call (service clients built on first use) median %.0f ms%n",
                    h,
                    Stats.median(runs.get(key("fleetops", host)).stream()
                            .map(Run::firstHubCallMs)
                            .toList()));
        }
        System.out.println("packaged app sizes:");
        for (App app : apps) {
            long[] size = size(app.dir());
            System.out.printf(
                    Locale.ROOT,
                    "  %-8s %9.1f KiB in %d jars (%s)%n",
                    app.name(),
                    size[0] / 1024.0,
                    size[1],
                    app.dir());
        }
    }

    private static List<Double> firsts(List<Run> runs) {
        return runs.stream().map(Run::firstAnswerMs).toList();
    }

    /** Bytes of the staging directory and how many jars it holds. */
    static long[] size(Path dir) throws IOException {
        long bytes = 0;
        long jars = 0;
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                bytes += Files.size(f);
                if (f.toString().endsWith(".jar")) {
                    jars++;
                }
            }
        }
        return new long[] {bytes, jars};
    }
}
