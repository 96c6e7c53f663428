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
import dev.fleetops.bench.wire.FleetCredentials;
import dev.fleetops.bench.wire.WireFleet;
import dev.fleetops.core.hub.DesiredWriter;
import dev.fleetops.core.rollout.ExecutionState;
import dev.fleetops.core.rollout.service.DispatchPacer;
import dev.fleetops.core.rollout.service.InMemoryRolloutStore;
import dev.fleetops.core.rollout.service.RolloutService;
import dev.fleetops.core.rollout.service.RolloutStore;
import dev.fleetops.core.rollout.service.RolloutTicker;
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
import java.util.Date;
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

    /** What one run measured. */
    record Result(
            int devices,
            double methodLimitPerSecond,
            double dispatchedPerSecond,
            int ticks,
            double queriesPerTick,
            double rowsPerTick,
            long methodCalls,
            long throttled,
            long tableRequests,
            int jobDevices,
            double jobPerSecond) {
        double shareOfLimit() {
            return dispatchedPerSecond / methodLimitPerSecond;
        }

        double ratioToJob() {
            return jobPerSecond == 0 ? Double.NaN : dispatchedPerSecond / jobPerSecond;
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
        print(run(o, System.out::println));
    }

    /** The wire fleet on the forked hub's devices, closed with it. */
    private record Connected(FleetCredentials.HubConfig config, WireFleet fleet) implements AutoCloseable {
        static Connected to(ForkedHub hub) throws java.io.IOException {
            FleetCredentials.HubConfig config = FleetCredentials.fromLocalHubJson(hub.configFile());
            return new Connected(
                    config, WireFleet.connect(config.devices(), config.options(WireFleet.Options.defaults())));
        }

        @Override
        public void close() {
            fleet.close();
        }
    }

    static Result run(DispatchOptions o, java.util.function.Consumer<String> log) throws Exception {
        Path dir = Files.createTempDirectory("fleetops-dispatch-bench");
        // The hub in a child JVM: 10,000 MQTT/TLS connections need a descriptor at each end, and one process may hold
        // 20,000 here.
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
                Connected c = Connected.to(hub)) {
            FleetCredentials.HubConfig cfg = c.config();
            WireFleet fleet = c.fleet();
            HttpsURLConnection.setDefaultSSLSocketFactory(
                    TlsContexts.trustingDefaultsPlus(cfg.caFile()).getSocketFactory());
            if (!fleet.awaitConnected(Duration.ofSeconds(Math.max(60, o.devices() / 50)))) {
                throw new IllegalStateException("only " + fleet.connected() + " of " + o.devices()
                        + " devices connected: " + fleet.lastFailure());
            }
            log.accept(String.format(
                    Locale.ROOT,
                    "hub %s x%d (child JVM), %d wire devices connected, %s",
                    o.sku(),
                    o.units(),
                    fleet.connected(),
                    heap()));
            ServiceConnectionString cs = ServiceConnectionString.parse(cfg.serviceConnectionString());
            IotHubAccess access = new IotHubAccess.SasEndpoint(
                    cfg.serviceEndpoint(),
                    new ServiceSasCredential(cs.hostName(), cs.policyName(), cs.key(), Clock.systemUTC()));
            MethodTimeouts timeouts = new MethodTimeouts(10, 0);
            AtomicLong tableRequests = new AtomicLong();
            RolloutStore store =
                    "memory".equals(o.storage()) ? new InMemoryRolloutStore() : tableStore(o.storage(), tableRequests);
            ExecutorService pool = Executors.newFixedThreadPool(o.parallelism());
            try {
                DispatchPacer pacer = DispatchPacer.forHub(o.sku(), o.units(), o.share());
                RolloutTicker ticker = new RolloutTicker(
                        store,
                        new IotHubTwinQueries(IotHubClients.queries(access), access::beforeCall),
                        new IotHubMethodInvoker(IotHubClients.methods(access, timeouts), timeouts, access::beforeCall),
                        DesiredWriter.NONE,
                        Clock.systemUTC(),
                        pool,
                        pacer,
                        o.dispatchBudget());
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
                while (true) {
                    RolloutTicker.TickReport r = ticker.tick(id);
                    ticks++;
                    queries += r.hubQueries();
                    rows += r.rowsRead();
                    calls += r.methodCalls();
                    throttled += r.throttled();
                    dispatched += r.dispatched();
                    if (r.dispatched() > 0) {
                        lastDispatchEnd = System.nanoTime();
                    }
                    log.accept(String.format(
                            Locale.ROOT,
                            "tick %d: dispatched %d (total %d), calls %d, 429s %d, progress read %s with %d queries / %d rows, %.1f s",
                            ticks,
                            r.dispatched(),
                            dispatched,
                            r.methodCalls(),
                            r.throttled(),
                            r.progressRead(),
                            r.hubQueries(),
                            r.rowsRead(),
                            (System.nanoTime() - start) / 1e9));
                    if (r.dispatched() == 0
                            && store.executions(id, ExecutionState.QUEUED, null, 1)
                                    .items()
                                    .isEmpty()) {
                        break;
                    }
                    if (r.dispatched() == 0) {
                        Thread.sleep(1000); // throttled devices wait for their notBefore
                    }
                }
                double seconds = (lastDispatchEnd - start) / 1e9;
                double rate = dispatched / seconds;
                long tableOps = tableRequests.get();
                double jobRate = runJob((IotHubAccess.SasEndpoint) access, o.jobDevices(), log);
                return new Result(
                        o.devices(),
                        limit,
                        rate,
                        ticks,
                        (double) queries / ticks,
                        (double) rows / ticks,
                        calls,
                        throttled,
                        tableOps,
                        o.jobDevices(),
                        jobRate);
            } finally {
                pool.shutdownNow();
            }
        }
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
                .addPolicy(new CountingPolicy(requests))
                .buildClient();
        return new TableRolloutStore(service);
    }

    /** An IoT Hub job calling {@code reboot} on the first {@code count} devices of the same hub; devices per second. */
    private static double runJob(IotHubAccess.SasEndpoint access, int count, java.util.function.Consumer<String> log)
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
                .methodResponseTimeoutSeconds(10)
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

    static void print(Result r) {
        System.out.println();
        System.out.println("== Fleet-operation dispatch ==");
        System.out.printf(Locale.ROOT, "devices                          %d%n", r.devices());
        System.out.printf(Locale.ROOT, "hub direct-method limit          %.1f calls/s%n", r.methodLimitPerSecond());
        System.out.printf(
                Locale.ROOT,
                "rollout dispatch                 %.1f devices/s (%.1f%% of the limit)%n",
                r.dispatchedPerSecond(),
                100 * r.shareOfLimit());
        System.out.printf(Locale.ROOT, "method calls / 429 answers       %d / %d%n", r.methodCalls(), r.throttled());
        System.out.printf(Locale.ROOT, "ticks                            %d%n", r.ticks());
        System.out.printf(
                Locale.ROOT,
                "hub queries per tick             %.2f (rows per tick %.1f)%n",
                r.queriesPerTick(),
                r.rowsPerTick());
        System.out.printf(
                Locale.ROOT,
                "Table requests per device        %.3f (%d requests)%n",
                (double) r.tableRequests() / r.devices(),
                r.tableRequests());
        System.out.printf(
                Locale.ROOT,
                "IoT Hub job                      %.1f devices/s over %d devices%n",
                r.jobPerSecond(),
                r.jobDevices());
        System.out.printf(Locale.ROOT, "rollout / job                    %.2fx%n", r.ratioToJob());
        System.out.println(heap());
    }

    private static String heap() {
        return "heap used " + Heap.mib(Heap.usedNowBytes()) + " of max "
                + Heap.mib(Runtime.getRuntime().maxMemory()) + "; "
                + Runtime.getRuntime().availableProcessors() + " cores";
    }

    /** Counts every HTTP request the Tables client sends (retries included). */
    static final class CountingPolicy implements com.azure.core.http.policy.HttpPipelinePolicy {
        private final AtomicLong requests;

        CountingPolicy(AtomicLong requests) {
            this.requests = requests;
        }

        @Override
        public reactor.core.publisher.Mono<com.azure.core.http.HttpResponse> process(
                com.azure.core.http.HttpPipelineCallContext context, com.azure.core.http.HttpPipelineNextPolicy next) {
            requests.incrementAndGet();
            return next.process();
        }

        @Override
        public com.azure.core.http.HttpResponse processSync(
                com.azure.core.http.HttpPipelineCallContext context,
                com.azure.core.http.HttpPipelineNextSyncPolicy next) {
            requests.incrementAndGet();
            return next.processSync();
        }
    }
}
