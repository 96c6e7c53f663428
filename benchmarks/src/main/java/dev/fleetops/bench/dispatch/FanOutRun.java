package dev.fleetops.bench.dispatch;

import com.google.gson.JsonParser;
import dev.fleetops.bench.ForkedHub;
import dev.fleetops.bench.RunnerChild;
import dev.fleetops.bench.wire.DeviceBehaviour;
import dev.fleetops.localhub.LocalHub;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code dispatch --instances 1,2,…}: the packaged app in local runner processes with {@code ROLLOUT_DISPATCH_MODE=queue}
 * (issue 16 item 4), one run per instance count, all sharing the forked hub, the wire fleet and Azurite. Each run
 * starts its instances (one host id, so one timer lock, and a queue of its own), creates a reboot rollout over the
 * fleet through the API, and times when each device is first called (the wire devices see the calls). It reports the
 * devices per second against the hub's limit, the 429s and how the queue messages spread over the instances (from
 * the workers' log lines), and the CPU time the instances' processes used per call: what one instance can carry.
 */
final class FanOutRun {
    static final Path RUNNER_JAR =
            Path.of(System.getProperty("fleetops.localRunner.jar", "local-runner/target/local-runner.jar"));
    static final Path APP =
            Path.of(System.getProperty("fleetops.functions.staging", "functions/target/azure-functions/fleetops"));

    private static final String KEY = "fan-out-" + UUID.randomUUID();
    private static final Pattern WORKER_LINE = Pattern.compile(
            "dispatch operation=(\\S+) devices=(\\d+) skipped=(\\d+) calls=(\\d+) throttled=(\\d+) notSent=(\\d+)");

    private FanOutRun() {}

    /**
     * One instance count's run.
     *
     * @param called        devices the hub delivered a call to
     * @param seconds       from the first device's call to the last one's
     * @param toFirstCall   from the operation's creation to the first call (a timer tick, then a queue poll)
     * @param messages      worker messages each instance ran
     * @param cpuSeconds    CPU time of all instances' processes (runner and its worker JVM) during the run
     */
    record Run(
            int instances,
            int called,
            double seconds,
            double toFirstCall,
            long calls,
            long throttled,
            long notSent,
            List<Integer> messages,
            double cpuSeconds) {
        double perSecond() {
            return seconds > 0 ? (called - 1) / seconds : Double.NaN;
        }

        double cpuMillisPerCall() {
            return calls == 0 ? Double.NaN : cpuSeconds * 1000 / calls;
        }
    }

    static List<Run> run(DispatchOptions o, Consumer<String> log) throws Exception {
        for (Path p : List.of(RUNNER_JAR, APP)) {
            if (!Files.exists(p)) {
                throw new IllegalStateException(p + " is missing: run `mvn -B package -DskipTests` first");
            }
        }
        Path dir = Files.createTempDirectory("fleetops-fan-out-bench");
        List<String> deviceIds = new ArrayList<>();
        for (int i = 1; i <= o.devices(); i++) {
            deviceIds.add(LocalHub.deviceId("bench-", i));
        }
        DeviceBehaviour behave = o.devicesBehave();
        Map<String, Long> firstCalls = new ConcurrentHashMap<>();
        List<Run> runs = new ArrayList<>();
        try (ForkedHub hub = ForkedHub.start(
                        dir,
                        "768m",
                        List.of(
                                "--devices",
                                Integer.toString(o.devices()),
                                "--device-prefix",
                                "bench-",
                                "--https-port",
                                "0",
                                "--mqtt-port",
                                "0",
                                "--sku",
                                o.sku().name(),
                                "--units",
                                Integer.toString(o.units())));
                DispatchBenchmark.Connected c = DispatchBenchmark.Connected.to(
                        hub, behave, deviceIds, d -> firstCalls.putIfAbsent(d, System.nanoTime()))) {
            if (!c.fleet().awaitConnected(Duration.ofSeconds(Math.max(60, o.devices() / 50)))) {
                throw new IllegalStateException("only " + c.fleet().connected() + " of "
                        + c.fleet().size() + " devices connected: " + c.fleet().lastFailure());
            }
            int online = c.fleet().size();
            log.accept(String.format(
                    Locale.ROOT,
                    "hub %s x%d (child JVM, %.0f calls/s), %d wire devices connected, devices %s; %d calls in flight at"
                            + " most per instance",
                    o.sku(),
                    o.units(),
                    o.sku().methodsPerSecond(o.units()),
                    online,
                    behave.describe(),
                    o.parallelism()));
            for (int n : o.instances()) {
                firstCalls.clear();
                runs.add(runWith(n, o, c.config(), dir.resolve("run-" + n), online, firstCalls, log));
            }
        }
        return runs;
    }

    private static Run runWith(
            int n,
            DispatchOptions o,
            dev.fleetops.bench.wire.FleetCredentials.HubConfig hub,
            Path dir,
            int online,
            Map<String, Long> firstCalls,
            Consumer<String> log)
            throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> values = new LinkedHashMap<>();
        values.put("FUNCTIONS_WORKER_RUNTIME", "java");
        values.put("AzureWebJobsStorage", o.storage());
        values.put("AzureFunctionsWebHost__hostid", "fan-out-" + run);
        values.put("IOTHUB_CONNECTION_STRING", hub.serviceConnectionString());
        values.put("IOTHUB_SERVICE_ENDPOINT", hub.serviceEndpoint());
        values.put("IOTHUB_SKU", o.sku().name());
        values.put("IOTHUB_UNITS", Integer.toString(o.units()));
        values.put("METHOD_RESPONSE_TIMEOUT_SECONDS", Integer.toString(o.methodTimeoutSeconds()));
        values.put("METHOD_CONNECT_TIMEOUT_SECONDS", "0");
        values.put("PROGRESS_SCHEDULE", "0 0 0 1 1 *");
        values.put("ROLLOUT_SCHEDULE", "*/5 * * * * *");
        values.put("ROLLOUT_DISPATCH_MODE", "queue");
        values.put("ROLLOUT_DISPATCH_QUEUE", "fan-out-" + run);
        values.put("ROLLOUT_DISPATCH_PARALLELISM", Integer.toString(o.parallelism()));
        values.put("FLEETOPS_AUTOMATION_ROLE", "FleetOps.Admin");
        if (!o.workerJavaOptions().isBlank()) {
            values.put("languageWorkers__java__arguments", o.workerJavaOptions());
        }
        Path hubCa = hub.caFile();
        List<RunnerChild> instances = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                instances.add(RunnerChild.start(RUNNER_JAR, APP, dir.resolve("instance-" + i), values, hubCa, KEY));
            }
            for (RunnerChild i : instances) {
                i.awaitUp();
            }
            double cpuBefore = cpuSeconds(instances);
            StringBuilder ids = new StringBuilder();
            for (int i = 1; i <= o.devices(); i++) {
                ids.append(i == 1 ? "" : ",")
                        .append('"')
                        .append(LocalHub.deviceId("bench-", i))
                        .append('"');
            }
            long created = System.nanoTime();
            HttpResponse<String> r = instances
                    .get(0)
                    .send(
                            "POST",
                            "/api/operations",
                            "{\"action\":\"reboot\",\"target\":{\"deviceIds\":[" + ids + "]}}");
            if (r.statusCode() != 202) {
                throw new IllegalStateException("creating the operation answered " + r.statusCode() + ": " + r.body());
            }
            String id =
                    JsonParser.parseString(r.body()).getAsJsonObject().get("id").getAsString();
            // Every connected device is called once; a run that stalls ends after a bound and says so.
            long bound = System.nanoTime()
                    + Duration.ofSeconds(120 + (long) (online / (o.sku().methodsPerSecond(o.units()) * 0.1)))
                            .toNanos();
            while (firstCalls.size() < online && System.nanoTime() < bound) {
                Thread.sleep(200);
            }
            // The workers log a message's line once its answers are kept: give the last ones time to.
            Thread.sleep(Duration.ofSeconds(o.methodTimeoutSeconds()).toMillis());
            double cpu = cpuSeconds(instances) - cpuBefore;
            List<Long> times = firstCalls.values().stream().sorted().toList();
            long calls = 0;
            long throttled = 0;
            long notSent = 0;
            List<Integer> messages = new ArrayList<>();
            for (RunnerChild i : instances) {
                int count = 0;
                Matcher m = WORKER_LINE.matcher(i.output());
                while (m.find()) {
                    if (m.group(1).equals(id)) {
                        count++;
                        calls += Long.parseLong(m.group(4));
                        throttled += Long.parseLong(m.group(5));
                        notSent += Long.parseLong(m.group(6));
                    }
                }
                messages.add(count);
            }
            instances.get(0).send("POST", "/api/operations/" + id + "/cancel", null);
            Run result = new Run(
                    n,
                    times.size(),
                    times.isEmpty() ? 0 : (times.get(times.size() - 1) - times.get(0)) / 1e9,
                    times.isEmpty() ? Double.NaN : (times.get(0) - created) / 1e9,
                    calls,
                    throttled,
                    notSent,
                    messages,
                    cpu);
            log.accept(line(result, o));
            return result;
        } finally {
            for (RunnerChild i : instances) {
                i.close();
            }
        }
    }

    static String line(Run r, DispatchOptions o) {
        double limit = o.sku().methodsPerSecond(o.units());
        return String.format(
                Locale.ROOT,
                "%d instance(s): %d devices called in %.1f s = %.1f devices/s = %.1f%% of the limit; first call %.1f s"
                        + " after creation; %d calls, %d x 429, %d not sent; messages per instance %s; CPU %.1f s ="
                        + " %.2f ms per call",
                r.instances(),
                r.called(),
                r.seconds(),
                r.perSecond(),
                100 * r.perSecond() / limit,
                r.toFirstCall(),
                r.calls(),
                r.throttled(),
                r.notSent(),
                r.messages(),
                r.cpuSeconds(),
                r.cpuMillisPerCall());
    }

    static void report(List<Run> runs, DispatchOptions o, Consumer<String> out) {
        double limit = o.sku().methodsPerSecond(o.units());
        out.accept("");
        out.accept(String.format(
                Locale.ROOT,
                "| Instances | devices/s | %% of %s x%d (%.0f/s) | 429s | messages per instance | CPU ms per call |",
                o.sku(),
                o.units(),
                limit));
        out.accept("|---|---|---|---|---|---|");
        for (Run r : runs) {
            out.accept(String.format(
                    Locale.ROOT,
                    "| %d | %.1f | %.1f %% | %d | %s | %.2f |",
                    r.instances(),
                    r.perSecond(),
                    100 * r.perSecond() / limit,
                    r.throttled(),
                    r.messages(),
                    r.cpuMillisPerCall()));
        }
    }

    /** CPU time of the instances' processes and their children (the runner's worker JVM), in seconds. */
    private static double cpuSeconds(List<RunnerChild> instances) {
        double total = 0;
        for (RunnerChild i : instances) {
            total += cpu(i.process().toHandle());
            total += i.process()
                    .toHandle()
                    .descendants()
                    .mapToDouble(FanOutRun::cpu)
                    .sum();
        }
        return total;
    }

    private static double cpu(ProcessHandle h) {
        return h.info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(0.0);
    }
}
