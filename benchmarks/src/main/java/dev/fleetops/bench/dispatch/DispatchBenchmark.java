package dev.fleetops.bench.dispatch;

import com.azure.data.tables.TableServiceClient;
import com.azure.data.tables.TableServiceClientBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.microsoft.azure.sdk.iot.service.jobs.DirectMethodsJobOptions;
import com.microsoft.azure.sdk.iot.service.jobs.ScheduledJob;
import com.microsoft.azure.sdk.iot.service.jobs.ScheduledJobStatus;
import com.microsoft.azure.sdk.iot.service.jobs.ScheduledJobsClient;
import dev.fleetops.bench.ForkedHub;
import dev.fleetops.bench.Heap;
import dev.fleetops.bench.wire.DeviceBehaviour;
import dev.fleetops.bench.wire.FleetCredentials;
import dev.fleetops.bench.wire.WireFleet;
import dev.fleetops.core.hub.DesiredWriter;
import dev.fleetops.core.hub.MethodInvoker;
import dev.fleetops.core.rollout.DeviceExecution;
import dev.fleetops.core.rollout.ExecutionState;
import dev.fleetops.core.rollout.QueueReason;
import dev.fleetops.core.rollout.service.DispatchPacer;
import dev.fleetops.core.rollout.service.DispatchWindow;
import dev.fleetops.core.rollout.service.InMemoryRolloutStore;
import dev.fleetops.core.rollout.service.Page;
import dev.fleetops.core.rollout.service.RolloutService;
import dev.fleetops.core.rollout.service.RolloutStore;
import dev.fleetops.core.rollout.service.RolloutTicker;
import dev.fleetops.core.rollout.service.StoredRollout;
import dev.fleetops.device.transport.TlsContexts;
import dev.fleetops.functions.iothub.IotHubAccess;
import dev.fleetops.functions.iothub.IotHubClients;
import dev.fleetops.functions.iothub.IotHubMethodInvoker;
import dev.fleetops.functions.iothub.IotHubTwinQueries;
import dev.fleetops.functions.iothub.MethodTimeouts;
import dev.fleetops.functions.iothub.ServiceConnectionString;
import dev.fleetops.functions.iothub.ServiceSasCredential;
import dev.fleetops.functions.storage.TableRolloutStore;
import dev.fleetops.localhub.LocalHub;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.HttpsURLConnection;

/**
 * The 10,000-device dispatch benchmark (issue 6): a reboot rollout with no wave limits, driven tick after
 * tick by the real {@link RolloutTicker} with the functions' adapters, against an in-process local hub with
 * the SKU's throttles, then an IoT Hub job on the same hub. Prints figures; asserts nothing.
 */
public final class DispatchBenchmark {
    private DispatchBenchmark() {}

    /**
     * What one run measured.
     *
     * @param firstTick  the first tick alone (from its start to its end)
     * @param steady     every tick after it, from the end of the first tick to the end of the last tick that
     *                   dispatched; {@link Phase#ticks()} 0 when the first tick dispatched everything
     * @param endStates  for each kind of device, how many ended in each execution state (queued offline devices
     *                   under the pseudo-state counted by {@link #queuedOffline()})
     */
    record Result(
            int devices,
            String devicesBehave,
            double methodLimitPerSecond,
            double dispatchedPerSecond,
            int ticks,
            double queriesPerTick,
            double rowsPerTick,
            long methodCalls,
            long throttled,
            long tableRequests,
            int jobDevices,
            double jobPerSecond,
            Phase firstTick,
            Phase steady,
            Map<DeviceBehaviour.Kind, Map<ExecutionState, Integer>> endStates,
            Map<DeviceBehaviour.Kind, Integer> queuedOffline,
            long jobSucceeded) {
        double shareOfLimit() {
            return dispatchedPerSecond / methodLimitPerSecond;
        }

        double ratioToJob() {
            return jobPerSecond == 0 ? Double.NaN : dispatchedPerSecond / jobPerSecond;
        }
    }

    /**
     * Part of the run: {@code ticks} ticks in which {@code dispatched} devices left the queue (the device accepted the
     * call, or left it unanswered until the hub's timeout) in {@code seconds}, with {@code throttled} 429 answers among {@code methodCalls} calls.
     */
    record Phase(int ticks, long dispatched, double seconds, long methodCalls, long throttled) {
        double perSecond() {
            return seconds > 0 ? dispatched / seconds : Double.NaN;
        }

        double shareOf(double limit) {
            return perSecond() / limit;
        }
    }

    public static void main(String[] args) throws Exception {
        DispatchOptions o;
        try {
            o = DispatchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("dispatch: " + e.getMessage());
            System.exit(2);
            return;
        }
        if (o.help()) {
            System.out.print(DispatchOptions.USAGE);
            return;
        }
        if (o.fanOut()) {
            FanOutRun.report(FanOutRun.run(o, System.out::println), o, System.out::println);
            return;
        }
        report(run(o, System.out::println), System.out::println);
    }

    /** The wire fleet on the forked hub's devices, closed with it. */
    record Connected(FleetCredentials.HubConfig config, WireFleet fleet) implements AutoCloseable {
        /** Connects every device but the OFFLINE ones; with latency or TIMEOUT devices, answers as {@code behave} says. */
        static Connected to(ForkedHub hub, DeviceBehaviour behave, List<String> deviceIds) throws java.io.IOException {
            return to(hub, behave, deviceIds, null);
        }

        /** @param onCall told each device id a method reaches (on the device's event loop: it must return at once) */
        static Connected to(
                ForkedHub hub,
                DeviceBehaviour behave,
                List<String> deviceIds,
                java.util.function.Consumer<String> onCall)
                throws java.io.IOException {
            FleetCredentials.HubConfig config = FleetCredentials.fromLocalHubJson(hub.configFile());
            WireFleet.Options options = config.options(WireFleet.Options.defaults());
            if (behave.atOnce() && onCall == null) {
                return new Connected(config, WireFleet.connect(config.devices(), options));
            }
            Map<String, Integer> index = new java.util.HashMap<>();
            for (int i = 0; i < deviceIds.size(); i++) {
                index.put(deviceIds.get(i), i + 1);
            }
            List<dev.fleetops.bench.wire.WireDevice.Credentials> online = config.devices().stream()
                    .filter(d -> behave.kindOf(index.get(d.deviceId())) != DeviceBehaviour.Kind.OFFLINE)
                    .toList();
            dev.fleetops.bench.wire.MethodHandler handler = behave.atOnce()
                    ? (d, m, p) -> new dev.fleetops.bench.wire.MethodAnswer(200, "{}", Duration.ZERO)
                    : behave.handler(deviceIds);
            dev.fleetops.bench.wire.MethodHandler answering = onCall == null
                    ? handler
                    : (d, m, p) -> {
                        onCall.accept(d);
                        return handler.answer(d, m, p);
                    };
            return new Connected(config, WireFleet.connect(online, options.withMethodHandler(answering)));
        }

        @Override
        public void close() {
            fleet.close();
        }
    }

    static Result run(DispatchOptions o, java.util.function.Consumer<String> log) throws Exception {
        Path dir = Files.createTempDirectory("fleetops-dispatch-bench");
        List<String> deviceIds = new ArrayList<>(o.devices());
        for (int i = 1; i <= o.devices(); i++) {
            deviceIds.add(LocalHub.deviceId("bench-", i));
        }
        DeviceBehaviour behave = o.devicesBehave();
        // The hub in a child JVM: 10,000 MQTT/TLS connections need a descriptor at each end, and one process may hold
        // 20,000 here.
        try (ForkedHub hub = ForkedHub.start(
                        dir, "768m", ForkedHub.throttledFleet(o.devices(), "bench-", o.sku(), o.units()));
                Connected c = Connected.to(hub, behave, deviceIds)) {
            FleetCredentials.HubConfig cfg = c.config();
            WireFleet fleet = c.fleet();
            HttpsURLConnection.setDefaultSSLSocketFactory(
                    TlsContexts.trustingDefaultsPlus(cfg.caFile()).getSocketFactory());
            if (!fleet.awaitConnected(Duration.ofSeconds(Math.max(60, o.devices() / 50)))) {
                throw new IllegalStateException("only " + fleet.connected() + " of " + fleet.size()
                        + " devices connected: " + fleet.lastFailure());
            }
            log.accept(String.format(
                    Locale.ROOT,
                    "hub %s x%d (child JVM), %d wire devices connected (%d left offline), devices %s, %s",
                    o.sku(),
                    o.units(),
                    fleet.connected(),
                    o.devices() - fleet.size(),
                    behave.describe(),
                    heap()));
            ServiceConnectionString cs = ServiceConnectionString.parse(cfg.serviceConnectionString());
            IotHubAccess access = new IotHubAccess.SasEndpoint(
                    cfg.serviceEndpoint(),
                    new ServiceSasCredential(cs.hostName(), cs.policyName(), cs.key(), Clock.systemUTC()));
            MethodTimeouts timeouts = new MethodTimeouts(o.methodTimeoutSeconds(), 0);
            AtomicLong tableRequests = new AtomicLong();
            RolloutStore store =
                    "memory".equals(o.storage()) ? new InMemoryRolloutStore() : tableStore(o.storage(), tableRequests);
            ExecutorService pool =
                    o.fixedWindow() ? Executors.newFixedThreadPool(o.parallelism()) : Executors.newCachedThreadPool();
            try {
                DispatchPacer pacer = DispatchPacer.forHub(o.sku(), o.units(), o.share());
                DispatchWindow window = o.fixedWindow()
                        ? DispatchWindow.fixed(o.parallelism())
                        : DispatchWindow.forPacer(pacer, o.parallelism());
                log.accept((o.fixedWindow() ? "window: fixed, " : "window: adaptive, at most ") + o.parallelism()
                        + " calls in flight");
                // When each device was first called: a tick hands its last calls over and returns before they go
                // out, so tick ends do not say when devices were sent their calls; these times do.
                java.util.Map<String, Long> firstCalls = new java.util.concurrent.ConcurrentHashMap<>();
                MethodInvoker methods =
                        new IotHubMethodInvoker(IotHubClients.methods(access, timeouts), timeouts, access::beforeCall);
                RolloutTicker ticker = new RolloutTicker(
                        store,
                        new IotHubTwinQueries(IotHubClients.queries(access), access::beforeCall),
                        (device, method, payload) -> {
                            firstCalls.putIfAbsent(device, System.nanoTime());
                            return methods.invoke(device, method, payload);
                        },
                        DesiredWriter.NONE,
                        Clock.systemUTC(),
                        pool,
                        pacer,
                        window,
                        o.dispatchBudget(),
                        dev.fleetops.core.firmware.PackageLinks.NONE);
                String id = create(store, o.devices());
                tableRequests.set(0);
                double limit = o.sku().methodsPerSecond(o.units());
                long start = System.nanoTime();
                long lastDispatchEnd = start;
                int ticks = 0;
                long queries = 0;
                long rows = 0;
                long calls = 0;
                long throttled = 0;
                long dispatched = 0;
                Phase first = null;
                long firstEnd = start;
                long queued = o.devices();
                while (true) {
                    RolloutTicker.TickReport r = ticker.tick(id);
                    long tickEnd = System.nanoTime();
                    // A tick's intents include calls it did not send (budget over, 429, offline): what counts is how
                    // many devices left the queue. The tally read is the benchmark's, not the tick's: not counted.
                    long before = tableRequests.get();
                    long queuedNow = queued(store, id);
                    tableRequests.set(before);
                    long sent = queued - queuedNow;
                    queued = queuedNow;
                    ticks++;
                    if (ticks == 1) {
                        firstEnd = tickEnd;
                        first = new Phase(1, sent, (firstEnd - start) / 1e9, r.methodCalls(), r.throttled());
                    }
                    queries += r.hubQueries();
                    rows += r.rowsRead();
                    calls += r.methodCalls();
                    throttled += r.throttled();
                    dispatched += sent;
                    if (sent > 0) {
                        lastDispatchEnd = tickEnd;
                    }
                    log.accept(String.format(
                            Locale.ROOT,
                            "tick %d: planned %d, dispatched %d (total %d), calls %d, 429s %d, progress read %s with %d queries / %d rows, %.1f s; window %d at %d ms per call",
                            ticks,
                            r.dispatched(),
                            sent,
                            dispatched,
                            r.methodCalls(),
                            r.throttled(),
                            r.progressRead(),
                            r.hubQueries(),
                            r.rowsRead(),
                            (System.nanoTime() - start) / 1e9,
                            window.size(),
                            window.latency().toMillis()));
                    // Offline devices stay queued (retried with growing spacing until a deadline this rollout
                    // does not have): the run ends at the first tick in which no device left the queue and
                    // only offline ones are left in it, retried or not.
                    if (sent == 0 && onlyOfflineQueued(store, id)) {
                        break;
                    }
                    if (r.dispatched() == 0) {
                        Thread.sleep(1000); // throttled devices wait for their notBefore
                    }
                }
                // Answers to the last calls are saved by a later tick: wait for them and tick once more.
                for (int settle = 0; settle < 30 && ticker.callsStillRunning(id) > 0; settle++) {
                    Thread.sleep(500);
                }
                RolloutTicker.TickReport last = ticker.tick(id);
                calls += last.methodCalls();
                throttled += last.throttled();
                long queuedNow = queued(store, id);
                dispatched += queued - queuedNow; // offline devices whose late answer put them back in the queue
                List<Long> called = firstCalls.values().stream().sorted().toList();
                if (!called.isEmpty()) {
                    lastDispatchEnd = called.get(called.size() - 1);
                    int firstN = (int) Math.min(called.size(), Math.max(1, first.dispatched()));
                    firstEnd = called.get(firstN - 1);
                    first = new Phase(
                            1, first.dispatched(), (firstEnd - start) / 1e9, first.methodCalls(), first.throttled());
                }
                double seconds = (lastDispatchEnd - start) / 1e9;
                double rate = dispatched / seconds;
                long tableOps = tableRequests.get();
                boolean steadyDispatched = lastDispatchEnd > firstEnd;
                Phase steady = new Phase(
                        steadyDispatched ? ticks - 1 : 0,
                        dispatched - first.dispatched(),
                        steadyDispatched ? (lastDispatchEnd - firstEnd) / 1e9 : 0,
                        calls - first.methodCalls(),
                        throttled - first.throttled());
                Map<DeviceBehaviour.Kind, Map<ExecutionState, Integer>> endStates =
                        new EnumMap<>(DeviceBehaviour.Kind.class);
                Map<DeviceBehaviour.Kind, Integer> queuedOffline = new EnumMap<>(DeviceBehaviour.Kind.class);
                java.util.Map<String, Integer> index = new java.util.HashMap<>();
                for (int i = 0; i < deviceIds.size(); i++) {
                    index.put(deviceIds.get(i), i + 1);
                }
                for (DeviceExecution e : store.executions(id)) {
                    DeviceBehaviour.Kind kind = behave.kindOf(index.get(e.deviceId()));
                    endStates
                            .computeIfAbsent(kind, k -> new EnumMap<>(ExecutionState.class))
                            .merge(e.state(), 1, Integer::sum);
                    if (e.state() == ExecutionState.QUEUED && e.queueReason() == QueueReason.OFFLINE) {
                        queuedOffline.merge(kind, 1, Integer::sum);
                    }
                }
                long[] jobSucceeded = {0};
                double jobRate = runJob(
                        (IotHubAccess.SasEndpoint) access, o.jobDevices(), o.methodTimeoutSeconds(), jobSucceeded, log);
                return new Result(
                        o.devices(),
                        behave.describe(),
                        limit,
                        rate,
                        ticks,
                        (double) queries / ticks,
                        (double) rows / ticks,
                        calls,
                        throttled,
                        tableOps,
                        o.jobDevices(),
                        jobRate,
                        first,
                        steady,
                        endStates,
                        queuedOffline,
                        jobSucceeded[0]);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    /** Devices still queued, from the operation's tally (counted page by page where a row has none). */
    private static long queued(RolloutStore store, String id) {
        StoredRollout stored = store.get(id).orElseThrow();
        if (stored.tally() != null) {
            return stored.tally().all().get(ExecutionState.QUEUED);
        }
        long n = 0;
        String token = null;
        do {
            Page<DeviceExecution> page = store.executions(id, ExecutionState.QUEUED, token, 1000);
            n += page.items().size();
            token = page.continuationToken();
        } while (token != null);
        return n;
    }

    /** Whether every queued execution waits because its device was offline (none queued: true). */
    private static boolean onlyOfflineQueued(RolloutStore store, String id) {
        String token = null;
        do {
            Page<DeviceExecution> page = store.executions(id, ExecutionState.QUEUED, token, 1000);
            for (DeviceExecution e : page.items()) {
                if (e.queueReason() != QueueReason.OFFLINE) {
                    return false;
                }
            }
            token = page.continuationToken();
        } while (token != null);
        return true;
    }

    private static String create(RolloutStore store, int devices) {
        JsonArray ids = new JsonArray();
        for (int i = 1; i <= devices; i++) {
            ids.add(LocalHub.deviceId("bench-", i));
        }
        JsonObject body = JsonParser.parseString(
                        "{\"action\":\"reboot\",\"rollout\":{\"maxPerMinute\":100000},\"deviceTimeoutMinutes\":60}")
                .getAsJsonObject();
        JsonObject target = new JsonObject();
        target.add("deviceIds", ids);
        body.add("target", target);
        RolloutService.CreateOutcome out = new RolloutService(store, Clock.systemUTC()).create(body, null, "benchmark");
        if (!(out instanceof RolloutService.CreateOutcome.Created c)) {
            throw new IllegalStateException("operation not created: " + out);
        }
        return c.rollout().rollout().id();
    }

    /** Table store whose HTTP requests (a batch of up to 100 rows is one) are counted by a pipeline policy. */
    private static RolloutStore tableStore(String connectionString, AtomicLong requests) {
        TableServiceClient service = new TableServiceClientBuilder()
                .connectionString(connectionString)
                .addPolicy(new dev.fleetops.bench.CountingPolicy(requests, new AtomicLong()))
                .buildClient();
        return new TableRolloutStore(service);
    }

    /** An IoT Hub job calling {@code reboot} on the first {@code count} devices of the same hub; devices per second. */
    private static double runJob(
            IotHubAccess.SasEndpoint access,
            int count,
            int methodTimeoutSeconds,
            long[] succeededOut,
            java.util.function.Consumer<String> log)
            throws Exception {
        StringBuilder in = new StringBuilder("deviceId IN [");
        for (int i = 1; i <= count; i++) {
            in.append(i == 1 ? "" : ",")
                    .append('\'')
                    .append(LocalHub.deviceId("bench-", i))
                    .append('\'');
        }
        String query = in.append(']').toString();
        ScheduledJobsClient jobs =
                new ScheduledJobsClient(access.endpoint(), access.sas().credential());
        String jobId = "bench-" + System.nanoTime();
        DirectMethodsJobOptions options = DirectMethodsJobOptions.builder()
                .payload(Map.of("operationId", jobId))
                .methodResponseTimeoutSeconds(methodTimeoutSeconds)
                .methodConnectTimeoutSeconds(0)
                .maxExecutionTimeSeconds(60 + count / 5)
                .build();
        long start = System.nanoTime();
        jobs.scheduleDirectMethod(jobId, query, "reboot", new Date(), options);
        ScheduledJob job;
        while (true) {
            // Job operations are throttled too (S1: 100/min): poll gently, and wait out a 429.
            Thread.sleep(250);
            try {
                job = jobs.get(jobId);
            } catch (com.microsoft.azure.sdk.iot.service.exceptions.IotHubTooManyRequestsException e) {
                Thread.sleep(1000);
                continue;
            }
            ScheduledJobStatus s = job.getJobStatus();
            if (s == ScheduledJobStatus.completed
                    || s == ScheduledJobStatus.failed
                    || s == ScheduledJobStatus.cancelled) {
                break;
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long succeeded =
                job.getJobStatistics() == null ? -1 : job.getJobStatistics().getSucceededCount();
        succeededOut[0] = succeeded;
        log.accept(String.format(
                Locale.ROOT,
                "IoT Hub job %s: %s, %d of %d devices succeeded in %.1f s",
                jobId,
                job.getJobStatus(),
                succeeded,
                count,
                seconds));
        return count / seconds;
    }

    /** The report: the figures docs/performance.md records, one line each. */
    static void report(Result r, java.util.function.Consumer<String> out) {
        double limit = r.methodLimitPerSecond();
        out.accept("");
        out.accept("== Fleet-operation dispatch ==");
        out.accept(line("devices", Integer.toString(r.devices())));
        out.accept(line("devices answer", r.devicesBehave()));
        out.accept(line("hub direct-method limit", f("%.1f calls/s", limit)));
        out.accept(line(
                "rollout dispatch",
                f("%.1f devices/s (%.1f%% of the limit)", r.dispatchedPerSecond(), 100 * r.shareOfLimit())));
        out.accept(phase("first tick", r.firstTick(), limit));
        out.accept(phase("steady state (ticks 2+)", r.steady(), limit));
        out.accept(line("method calls / 429 answers", r.methodCalls() + " / " + r.throttled()));
        out.accept(line("ticks", Integer.toString(r.ticks())));
        r.endStates()
                .forEach((kind, states) -> out.accept(line(
                        "ended, " + kind.name().toLowerCase(Locale.ROOT) + " devices",
                        states
                                + (r.queuedOffline().containsKey(kind)
                                        ? " (" + r.queuedOffline().get(kind) + " queued as offline)"
                                        : ""))));
        out.accept(line("hub queries per tick", f("%.2f (rows per tick %.1f)", r.queriesPerTick(), r.rowsPerTick())));
        out.accept(line(
                "Table requests per device",
                f("%.3f (%d requests)", (double) r.tableRequests() / r.devices(), r.tableRequests())));
        out.accept(line(
                "IoT Hub job",
                f(
                        "%.1f devices/s over %d devices (%d succeeded)",
                        r.jobPerSecond(), r.jobDevices(), r.jobSucceeded())));
        out.accept(line("rollout / job", f("%.2fx", r.ratioToJob())));
        out.accept(heap());
    }

    private static String line(String name, String value) {
        return String.format(Locale.ROOT, "%-32s %s", name, value);
    }

    private static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }

    /** One line: {@code first tick  16.4 devices/s (41.0% of the limit): 412 devices in 25.1 s, 415 calls, 3 429s, 1 tick}. */
    static String phase(String name, Phase p, double limit) {
        if (p.ticks() == 0) {
            return String.format(Locale.ROOT, "%-32s none (the first tick dispatched every device)", name);
        }
        return String.format(
                Locale.ROOT,
                "%-32s %.1f devices/s (%.1f%% of the limit): %d devices in %.1f s, %d calls, %d 429s, %d tick%s",
                name,
                p.perSecond(),
                100 * p.shareOf(limit),
                p.dispatched(),
                p.seconds(),
                p.methodCalls(),
                p.throttled(),
                p.ticks(),
                p.ticks() == 1 ? "" : "s");
    }

    private static String heap() {
        return "heap used " + Heap.mib(Heap.usedNowBytes()) + " of max "
                + Heap.mib(Runtime.getRuntime().maxMemory()) + "; "
                + Runtime.getRuntime().availableProcessors() + " cores";
    }
}
