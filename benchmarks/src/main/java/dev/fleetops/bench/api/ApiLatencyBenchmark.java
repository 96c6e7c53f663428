package dev.fleetops.bench.api;

import com.azure.data.tables.TableServiceClientBuilder;
import com.google.gson.JsonObject;
import dev.fleetops.bench.ForkedHub;
import dev.fleetops.bench.RunnerChild;
import dev.fleetops.bench.wire.DeviceBehaviour;
import dev.fleetops.bench.wire.FleetCredentials;
import dev.fleetops.bench.wire.WireDevice;
import dev.fleetops.bench.wire.WireFleet;
import dev.fleetops.core.rollout.DeviceExecution;
import dev.fleetops.core.rollout.QueueReason;
import dev.fleetops.core.rollout.Rollout;
import dev.fleetops.core.rollout.RolloutConfig;
import dev.fleetops.core.rollout.RolloutState;
import dev.fleetops.core.rollout.Tally;
import dev.fleetops.core.rollout.service.ConcurrentUpdateException;
import dev.fleetops.core.rollout.service.RolloutStore;
import dev.fleetops.core.rollout.service.StoredRollout;
import dev.fleetops.functions.storage.TableRolloutStore;
import dev.fleetops.localhub.LocalHub;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * {@code GET /api/operations/{id}} under concurrent pollers while a large reboot operation ticks (issue 16, item 5c).
 * The packaged app runs in the local runner, a child process as users start it, with its own timer ticking the
 * operation ({@code ROLLOUT_SCHEDULE}); Azurite holds the operation; the local hub runs in a child JVM with the SKU's
 * throttles and has every device registered, a few thousand of them connected as wire devices that take time to answer
 * (the rest are offline, which the hub answers 404103 at once and the rollout queues as offline).
 *
 * <p>The operation (N devices) is stored directly with {@link TableRolloutStore}, paused: {@code POST /api/operations}
 * takes a body of at most 1 MiB in the runner (100,000 device ids are about 1.7 MB) and a filter of 100,000 devices
 * would be resolved by the timer before it could be paused. Two phases with the same pollers against the same operation:
 * <ol>
 *   <li>idle: the operation paused, the timer running (its ticks find nothing to do);</li>
 *   <li>during the rollout: once resumed ({@link #resume}) and devices are being dispatched.</li>
 * </ol>
 * Each phase polls for the warm-up, then records every answer for the measured seconds. The report gives p50, p95, p99,
 * max and requests/s of both, their ratio, and how many devices the rollout dispatched during the measured window.
 * Prints figures and writes {@code api-latency.csv} and {@code api-latency.svg}; asserts nothing.
 */
public final class ApiLatencyBenchmark {
    static final String KEY = "api-latency-key";
    private static final String TRUST_PASSWORD = "fleetops-bench";
    private static final String PREFIX = "bench-";
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(5);

    private ApiLatencyBenchmark() {}

    /**
     * The rollout at one moment of a phase.
     *
     * @param atSeconds seconds into the phase's measurement
     * @param state     the operation's state
     * @param calls     direct methods the connected wire devices received so far (offline devices' calls the hub
     *                  answers itself, unseen here)
     * @param leftQueue devices not waiting for a first call (from the operation's tally: a tick's saved intents count,
     *                  so this moves by a tick's whole batch, and back by the intents it did not send)
     * @param ticks     timer runs that ticked the operation so far (the runner's log lines)
     */
    record Progress(double atSeconds, String state, long calls, long leftQueue, long ticks) {}

    /** One phase: what the pollers recorded and how the operation moved meanwhile. */
    record Phase(String name, Pollers.Samples samples, List<Progress> progress) {
        /** Direct methods the connected devices received between the first and the last progress reading. */
        long calls() {
            return progress.isEmpty()
                    ? 0
                    : progress.get(progress.size() - 1).calls()
                            - progress.get(0).calls();
        }

        /** Ticks that ended between the first and the last progress reading. */
        long ticks() {
            return progress.isEmpty()
                    ? 0
                    : progress.get(progress.size() - 1).ticks()
                            - progress.get(0).ticks();
        }

        double progressSeconds() {
            return progress.size() < 2
                    ? 0
                    : progress.get(progress.size() - 1).atSeconds()
                            - progress.get(0).atSeconds();
        }
    }

    /** What one run measured. */
    record Result(ApiLatencyOptions options, Phase idle, Phase rollout, String conditions) {
        double ratio(double p) {
            return rollout.samples().percentileMillis(p) / idle.samples().percentileMillis(p);
        }
    }

    public static void main(String[] args) throws Exception {
        ApiLatencyOptions o;
        try {
            o = ApiLatencyOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("api: " + e.getMessage());
            System.exit(2);
            return;
        }
        if (o == null) {
            System.out.println(ApiLatencyOptions.HELP);
            return;
        }
        for (Path p : List.of(o.runnerJar(), o.app())) {
            if (!Files.exists(p)) {
                System.err.println("api: " + p + " is missing; run `mvn -B package -DskipTests` first");
                System.exit(2);
            }
        }
        Result r = run(o, System.out::println);
        System.out.println();
        System.out.println(ApiLatencyReport.table(r));
        Path svg = ApiLatencyReport.write(r, o.out(), o.plot());
        System.out.println("wrote " + o.out().resolve("api-latency.csv") + " and " + svg);
    }

    static Result run(ApiLatencyOptions o, Consumer<String> log) throws Exception {
        int clients = Pollers.liveClients();
        try {
            return measure(o, log);
        } finally {
            Pollers.awaitClientsCollected(clients);
        }
    }

    private static Result measure(ApiLatencyOptions o, Consumer<String> log) throws Exception {
        Path dir = Files.createTempDirectory("fleetops-api-bench");
        String hubHeap = o.devices() > 20_000 ? "2g" : "768m";
        long t0 = System.nanoTime();
        try (ForkedHub hub = ForkedHub.start(
                        dir.resolve("hub"),
                        hubHeap,
                        ForkedHub.throttledFleet(o.devices(), PREFIX, o.sku(), o.units()));
                WireFleet fleet = connect(hub, o)) {
            FleetCredentials.HubConfig hubConfig = FleetCredentials.fromLocalHubJson(hub.configFile());
            if (!fleet.awaitConnected(Duration.ofSeconds(Math.max(60, o.connected() / 20)))) {
                throw new IllegalStateException("only " + fleet.connected() + " of " + fleet.size()
                        + " devices connected: " + fleet.lastFailure());
            }
            log.accept(String.format(
                    Locale.ROOT,
                    "hub %s x%d (child JVM, -Xmx%s): %,d devices registered, %,d connected answering in %s ms, %.0f s",
                    o.sku(),
                    o.units(),
                    hubHeap,
                    o.devices(),
                    fleet.connected(),
                    o.deviceLatency().minMillis() + "-" + o.deviceLatency().maxMillis(),
                    (System.nanoTime() - t0) / 1e9));

            RolloutStore store = new TableRolloutStore(new TableServiceClientBuilder()
                    .connectionString(o.storage())
                    .buildClient());
            String id = UUID.randomUUID().toString();
            long s = System.nanoTime();
            storePaused(store, id, o.devices());
            log.accept(String.format(
                    Locale.ROOT,
                    "operation %s: %,d devices stored paused in %.1f s",
                    id,
                    o.devices(),
                    (System.nanoTime() - s) / 1e9));

            try (Runner runner = Runner.start(o, hubConfig, dir)) {
                log.accept("runner up at " + runner.base() + " (log " + runner.log() + ")");
                URI url = URI.create(runner.base() + "/api/operations/" + id);
                int first = runner.send("GET", "/api/operations/" + id);
                if (first != 200) {
                    throw new IllegalStateException("GET the operation answered " + first + "; see " + runner.log());
                }
                Phase idle = phase("idle", o, url, store, id, fleet, runner, log);
                resume(o, store, id, runner, log);
                awaitDispatch(store, id, fleet, runner, log);
                Phase rollout = phase("during the rollout", o, url, store, id, fleet, runner, log);
                // Ended, so that no later runner on the same Storage ticks it (its ticks cancel the queued devices).
                setState(store, id, RolloutState.CANCELED, "benchmark over");
                return new Result(o, idle, rollout, conditions());
            }
        }
    }

    /**
     * Every (devices / connected)-th device, answering after the latency drawn for each call; the rest stay offline.
     * Spread over the fleet, not the first ones, so that calls reach connected devices all through the rollout.
     */
    private static WireFleet connect(ForkedHub hub, ApiLatencyOptions o) {
        FleetCredentials.HubConfig config = FleetCredentials.fromLocalHubJson(hub.configFile());
        List<WireDevice.Credentials> all = config.devices();
        int step = Math.max(1, all.size() / Math.max(1, o.connected()));
        List<WireDevice.Credentials> online = new ArrayList<>();
        for (int i = 0; i < all.size() && online.size() < o.connected(); i += step) {
            online.add(all.get(i));
        }
        List<String> ids = online.stream().map(WireDevice.Credentials::deviceId).toList();
        DeviceBehaviour behave = new DeviceBehaviour(o.deviceLatency(), 0, 0, 0, 1);
        return WireFleet.connect(
                online, config.options(WireFleet.Options.defaults()).withMethodHandler(behave.handler(ids)));
    }

    /** A reboot operation of {@code devices} devices, paused before it ever ran: only the timer's ticks, once resumed. */
    static void storePaused(RolloutStore store, String id, int devices) {
        Instant now = Instant.now();
        // The hub's limit, not the operation's rate, bounds dispatch; no device times out during the run.
        RolloutConfig cfg = RolloutConfig.simple(100_000, Duration.ofHours(2));
        List<DeviceExecution> rows = new ArrayList<>(devices);
        for (int i = 1; i <= devices; i++) {
            rows.add(DeviceExecution.queued(LocalHub.deviceId(PREFIX, i), 0, now));
        }
        Rollout paused = Rollout.restore(id, RolloutState.PAUSED, cfg, 0, now, now, "benchmark: idle baseline");
        store.create(
                new StoredRollout(paused, "reboot", new JsonObject(), null, devices, "benchmark", null)
                        .withTally(Tally.of(rows, 1)),
                rows,
                null,
                null);
    }

    /**
     * Resumes the paused operation. Through the API ({@code --resume-via api}) a command reads every device row of the
     * operation before it saves, and fails with 503 (operation busy) when a tick saved the operation meanwhile twice:
     * at 100,000 devices on Azurite that read takes longer than the 5-second timer, so the benchmark does by default
     * what that command does for this operation (paused, never started, one wave: state RUNNING, wave 0 open, no row
     * changes) directly on the operation's row.
     */
    private static void resume(ApiLatencyOptions o, RolloutStore store, String id, Runner runner, Consumer<String> log)
            throws IOException, InterruptedException {
        if (!o.resumeViaApi()) {
            setState(store, id, RolloutState.RUNNING, null);
            log.accept("resumed on the operation's row");
            return;
        }
        long s = System.nanoTime();
        int status = runner.send("POST", "/api/operations/" + id + "/resume");
        log.accept(String.format(
                Locale.ROOT, "POST .../resume answered %d in %.1f s", status, (System.nanoTime() - s) / 1e9));
        if (status / 100 != 2) {
            throw new IllegalStateException("resume answered " + status + "; see " + runner.log());
        }
    }

    /** Moves the operation to {@code state} on its row, again when a tick saved it first (etag). */
    static void setState(RolloutStore store, String id, RolloutState state, String reason) throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            StoredRollout s = store.get(id).orElseThrow();
            Rollout r = s.rollout();
            Rollout next = Rollout.restore(
                    id, state, r.config(), r.openWave(), r.createdAt(), Instant.now(), reason, r.approval());
            try {
                store.save(s.withRollout(next), List.of());
                return;
            } catch (ConcurrentUpdateException e) {
                if (attempt == 50) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    /** Waits (bounded) until the timer's ticks have called devices, so the measured phase is a running rollout. */
    private static void awaitDispatch(
            RolloutStore store, String id, WireFleet fleet, Runner runner, Consumer<String> log)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (System.nanoTime() < deadline) {
            Progress p = progress(store, id, fleet, runner, 0);
            if (p.leftQueue() > 0) {
                log.accept("resumed: " + p.state() + ", " + p.leftQueue() + " devices left the queue");
                return;
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("no device dispatched 3 minutes after resume; see " + runner.log());
    }

    private static Phase phase(
            String name,
            ApiLatencyOptions o,
            URI url,
            RolloutStore store,
            String id,
            WireFleet fleet,
            Runner runner,
            Consumer<String> log)
            throws InterruptedException {
        List<Progress> progress = java.util.Collections.synchronizedList(new ArrayList<>());
        long measureStart = System.nanoTime() + TimeUnit.SECONDS.toNanos(o.warmupSeconds());
        Thread sampler = new Thread(
                () -> {
                    try {
                        long next = measureStart;
                        long end = measureStart + TimeUnit.SECONDS.toNanos(o.seconds());
                        while (true) {
                            long wait = next - System.nanoTime();
                            if (wait > 0) {
                                TimeUnit.NANOSECONDS.sleep(wait);
                            }
                            try {
                                progress.add(
                                        progress(store, id, fleet, runner, (System.nanoTime() - measureStart) / 1e9));
                            } catch (RuntimeException e) {
                                log.accept("  progress read failed: " + e.getMessage());
                            }
                            if (next == end) {
                                break;
                            }
                            // Every 5 seconds, and once more at the end of the measurement.
                            next = Math.min(next + PROGRESS_EVERY.toNanos(), end);
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                "progress");
        sampler.setDaemon(true);
        sampler.start();
        Pollers.Samples samples = Pollers.run(
                url, KEY, o.pollers(), Duration.ofSeconds(o.warmupSeconds()), Duration.ofSeconds(o.seconds()));
        sampler.join(TimeUnit.SECONDS.toMillis(30));
        Phase p = new Phase(name, samples, List.copyOf(progress));
        log.accept(String.format(
                Locale.ROOT,
                "%s: %,d answers (%.0f/s), p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.0f ms, %d failed%s; in the window %,d calls to connected devices, %d ticks ended, %s",
                name,
                samples.count(),
                samples.perSecond(),
                samples.percentileMillis(50),
                samples.percentileMillis(95),
                samples.percentileMillis(99),
                samples.maxMillis(),
                samples.failures(),
                samples.lastFailure() == null ? "" : " (last: " + samples.lastFailure() + ")",
                p.calls(),
                p.ticks(),
                p.progress().isEmpty() ? "-" : p.progress().get(p.progress().size() - 1)));
        return p;
    }

    /** The operation's row as the store has it (one point read; the benchmark's, not the API's), the devices' calls. */
    private static Progress progress(RolloutStore store, String id, WireFleet fleet, Runner runner, double at) {
        StoredRollout s = store.get(id).orElseThrow();
        long waiting = s.tally().queueReasons().getOrDefault(QueueReason.WAITING, 0L);
        return new Progress(
                at,
                s.rollout().state().name().toLowerCase(Locale.ROOT),
                fleet.methodsReceived(),
                s.deviceCount() - waiting,
                runner.ticksLogged());
    }

    private static String conditions() {
        double[] load = new double[3];
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            for (int i = 0; i < 3; i++) {
                load[i] = Double.parseDouble(f[i]);
            }
        } catch (IOException | RuntimeException e) {
            return Runtime.getRuntime().availableProcessors() + " cores";
        }
        return String.format(
                Locale.ROOT,
                "%d cores, load average %.2f %.2f %.2f at the end",
                Runtime.getRuntime().availableProcessors(),
                load[0],
                load[1],
                load[2]);
    }

    /** The packaged app in the local runner ({@link RunnerChild}), and the ticks it logged. */
    static final class Runner implements AutoCloseable {
        private final RunnerChild child;

        private Runner(RunnerChild child) {
            this.child = child;
        }

        static Runner start(ApiLatencyOptions o, FleetCredentials.HubConfig hub, Path dir) throws Exception {
            Map<String, String> values = new LinkedHashMap<>();
            values.put("FUNCTIONS_WORKER_RUNTIME", "java");
            values.put("AzureWebJobsStorage", o.storage());
            values.put("IOTHUB_CONNECTION_STRING", hub.serviceConnectionString());
            values.put("IOTHUB_SERVICE_ENDPOINT", hub.serviceEndpoint());
            values.put("IOTHUB_SKU", o.sku().name());
            values.put("IOTHUB_UNITS", Integer.toString(o.units()));
            values.put("METHOD_CONNECT_TIMEOUT_SECONDS", "0");
            values.put("ROLLOUT_SCHEDULE", o.schedule());
            // Device progress (twin reports to Blob) is another timer; these devices report nothing: kept quiet.
            values.put("PROGRESS_SCHEDULE", "0 0 0 1 1 *");
            values.put("ROLLOUT_DISPATCH_QUEUE", "fleetops-dispatch");
            Runner r = new Runner(RunnerChild.start(o.runnerJar(), o.app(), dir, values, hub.caFile(), KEY));
            r.child.awaitUp();
            return r;
        }

        int send(String method, String path) throws IOException, InterruptedException {
            return child.send(method, path, null).statusCode();
        }

        String base() {
            return child.base();
        }

        private long logRead;
        private long ticks;

        /** Ticks of an operation the runner logged so far ({@code fleetops.operation.tick} lines), read on from last time. */
        synchronized long ticksLogged() {
            try (java.io.RandomAccessFile f =
                    new java.io.RandomAccessFile(child.log().toFile(), "r")) {
                long end = f.length();
                f.seek(logRead);
                byte[] chunk = new byte[(int) Math.min(Integer.MAX_VALUE - 8, end - logRead)];
                f.readFully(chunk);
                String text = new String(chunk, java.nio.charset.StandardCharsets.UTF_8);
                int lastLine = text.lastIndexOf('\n');
                if (lastLine < 0) {
                    return ticks;
                }
                for (String line : text.substring(0, lastLine).split("\n")) {
                    if (line.contains("fleetops.operation.tick ")) {
                        ticks++;
                    }
                }
                logRead += text.substring(0, lastLine + 1).getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
            } catch (IOException e) {
                // counted next time
            }
            return ticks;
        }

        Path log() {
            return child.log();
        }

        @Override
        public void close() {
            child.close();
        }
    }
}
