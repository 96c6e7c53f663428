package dev.fleetops.bench.sim;

import dev.fleetops.bench.ForkedHub;
import dev.fleetops.bench.Heap;
import dev.fleetops.contract.StrictJson;
import dev.fleetops.device.sim.FleetSimulator;
import dev.fleetops.device.sim.HubConfig;
import dev.fleetops.device.sim.ProfileMix;
import dev.fleetops.device.sim.SimulateOptions;
import dev.fleetops.device.transport.TlsContexts;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * {@code scripts/bench.sh simulator --count 1000}: runs the real fleet simulator ({@link FleetSimulator},
 * one {@code DeviceRuntime} with its own SDK session per device) for N devices in this JVM against a local
 * hub over MQTT/TLS, and prints how many connected, the heap they hold (after GC, minus a baseline taken
 * before the first device started), connect times from the agents' own timings, live threads per device
 * and a few direct-method round trips. Starts the local hub in a child JVM unless {@code --hub-config}
 * names a running one. Binds MQTT port 8883: run it under {@code flock /tmp/fleetops-hub.lock}.
 */
public final class SimulatorBenchmark {
    static final String USAGE = """
            Usage: scripts/bench.sh simulator [--count N] [options]
                   (BENCH_JAVA_OPTS=-Xmx1g scripts/bench.sh simulator --count 1000 for the recorded figures)

              --count N              simulated devices (default 1000)
              --start-per-second R   connection ramp of the simulator (default 50)
              --hub-config FILE      use a running local hub's local-hub.json instead of starting one
              --connect-timeout S    give up waiting for all devices after S seconds (default: N/R + 120)
              --probes K             direct-method round trips to sample devices (default 20)
              --smoke                3 devices, fast ramp, short timeout: checks the command works
              --help                 this text
            """;

    private SimulatorBenchmark() {}

    record Options(int count, int startPerSecond, Path hubConfig, int connectTimeoutSeconds, int probes) {
        static Options parse(String[] args) {
            int count = 1000;
            int rate = 50;
            Path hub = null;
            Integer timeout = null;
            int probes = 20;
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--count" -> count = number(args, ++i, 1, 10_000);
                    case "--start-per-second" -> rate = number(args, ++i, 1, 10_000);
                    case "--hub-config" -> hub = Path.of(value(args, ++i));
                    case "--connect-timeout" -> timeout = number(args, ++i, 1, 36_000);
                    case "--probes" -> probes = number(args, ++i, 0, 10_000);
                    case "--smoke" -> {
                        count = 3;
                        rate = 100;
                        timeout = 60;
                        probes = 2;
                    }
                    default -> throw new IllegalArgumentException("unknown option '" + args[i] + "'; see --help");
                }
            }
            return new Options(count, rate, hub, timeout != null ? timeout : count / rate + 120, probes);
        }

        private static String value(String[] args, int i) {
            if (i >= args.length) {
                throw new IllegalArgumentException(args[i - 1] + " needs a value");
            }
            return args[i];
        }

        private static int number(String[] args, int i, int min, int max) {
            String v = value(args, i);
            try {
                int n = Integer.parseInt(v);
                if (n >= min && n <= max) {
                    return n;
                }
            } catch (NumberFormatException ignored) {
                // below
            }
            throw new IllegalArgumentException(args[i - 1] + " must be a whole number from " + min + " to " + max);
        }
    }

    /** What one run measured; {@link #main} prints it, the smoke test checks it. */
    record Result(
            int count,
            int connected,
            long baselineHeap,
            long connectedHeap,
            int baselineThreads,
            int threads,
            Duration allConnected,
            List<Duration> connects,
            List<Duration> roundTrips,
            int failedProbes,
            long baselineRssKiB,
            long rssKiB,
            Duration stop) {
        double heapPerDevice() {
            return (connectedHeap - baselineHeap) / (double) Math.max(1, connected);
        }

        double threadsPerDevice() {
            return (threads - baselineThreads) / (double) Math.max(1, connected);
        }
    }

    public static void main(String[] args) throws Exception {
        // The benchmarks jar also holds the local hub's slf4j-simple; device lines need the device app's
        // backend, which prints the device and operation ids.
        System.setProperty("slf4j.provider", "dev.fleetops.device.log.ContextLogProvider");
        if (List.of(args).contains("--help")) {
            System.out.print(USAGE);
            return;
        }
        Options o;
        try {
            o = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(2);
            return;
        }
        try {
            print(o, run(o));
        } catch (Exception | Error e) {
            e.printStackTrace();
            System.exit(1);
        }
        // The SDK's threads are not daemons; a failed close must not keep the JVM (and the hub lock) alive.
        System.exit(0);
    }

    static Result run(Options o) throws Exception {
        Path work = Files.createTempDirectory("fleetops-sim-bench");
        ForkedHub forked = null;
        try {
            Path config = o.hubConfig();
            if (config == null) {
                System.out.println("starting the local hub (child JVM) with " + o.count() + " devices ...");
                // The hub in a child JVM, so the heap and thread figures hold the devices and nothing of the hub.
                forked = ForkedHub.start(
                        work.resolve("hub"),
                        "512m",
                        List.of("--devices", Integer.toString(o.count()), "--https-port", "0"));
                config = forked.configFile();
            }
            return measure(o, config, work.resolve("devices"));
        } finally {
            if (forked != null) {
                forked.close();
            }
            deleteTree(work);
        }
    }

    private static Result measure(Options o, Path config, Path stateDir) throws Exception {
        HubConfig hub = HubConfig.read(config);
        var tls = TlsContexts.trustingDefaultsPlus(hub.caFile());
        var json = StrictJson.parseObject(Files.readString(config, StandardCharsets.UTF_8));
        MethodProbe probe = new MethodProbe(
                tls,
                json.get("serviceEndpoint").getAsString(),
                json.get("serviceConnectionString").getAsString());
        // Load and warm the classes of one device first, so the baseline holds the code and not just main().
        long baseline = Heap.usedAfterGcBytes();
        long baseRss = rssKiB();
        int baseThreads = ManagementFactory.getThreadMXBean().getThreadCount();
        SimulateOptions sim = new SimulateOptions(
                false,
                o.count(),
                config,
                stateDir,
                ProfileMix.ALL_NORMAL,
                1,
                5,
                o.startPerSecond(),
                "1.0.0",
                List.of(),
                true, // measures connections and method round trips, not firmware: unsigned on purpose
                null,
                List.of());
        long t0 = System.nanoTime();
        FleetSimulator fleet = FleetSimulator.start(sim, hub, line -> System.out.println("  [sim] " + line));
        try {
            long deadline = t0 + Duration.ofSeconds(o.connectTimeoutSeconds()).toNanos();
            int connected = 0;
            while (System.nanoTime() < deadline && (connected = fleet.connectedCount()) < o.count()) {
                Thread.sleep(200);
            }
            Duration all = Duration.ofNanos(System.nanoTime() - t0);
            // Let the post-connect work (twin read, iothubDM re-publish) finish before measuring.
            Thread.sleep(Math.min(10_000, 2_000 + 5L * o.count()));
            connected = fleet.connectedCount();
            long heap = Heap.usedAfterGcBytes();
            int threads = ManagementFactory.getThreadMXBean().getThreadCount();
            List<Duration> trips = new ArrayList<>();
            int failed = 0;
            for (int i = 0; i < o.probes(); i++) {
                String id = hub.devices()
                        .get((int) ((long) i * o.count() / Math.max(1, o.probes())))
                        .deviceId();
                long s = System.nanoTime();
                try {
                    if (probe.ping(id) == 400) {
                        trips.add(Duration.ofNanos(System.nanoTime() - s));
                    } else {
                        failed++;
                    }
                } catch (Exception e) {
                    failed++;
                    System.out.println("  probe " + id + " failed: " + e.getMessage());
                }
            }
            long rss = rssKiB();
            List<Duration> connects = fleet.connectDurations();
            long s0 = System.nanoTime();
            fleet.close();
            return new Result(
                    o.count(),
                    connected,
                    baseline,
                    heap,
                    baseThreads,
                    threads,
                    all,
                    connects,
                    trips,
                    failed,
                    baseRss,
                    rss,
                    Duration.ofNanos(System.nanoTime() - s0));
        } finally {
            fleet.close();
        }
    }

    /** Resident set size of this JVM (Linux), which includes thread stacks and TLS buffers; -1 elsewhere. */
    static long rssKiB() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            // not Linux
        }
        return -1;
    }

    static void print(Options o, Result r) {
        Runtime rt = Runtime.getRuntime();
        System.out.println();
        System.out.println("fleet simulator: " + r.connected() + " of " + r.count() + " devices connected over MQTT/TLS"
                + " (max heap " + Heap.mib(rt.maxMemory()) + ", " + rt.availableProcessors() + " cores, ramp "
                + o.startPerSecond() + "/s)");
        System.out.printf(
                Locale.ROOT,
                "  heap after GC: baseline %s, with devices %s -> %.1f KiB per device%n",
                Heap.mib(r.baselineHeap()),
                Heap.mib(r.connectedHeap()),
                r.heapPerDevice() / 1024.0);
        System.out.printf(
                Locale.ROOT,
                "  threads: baseline %d, with devices %d -> %.2f per device%n",
                r.baselineThreads(),
                r.threads(),
                r.threadsPerDevice());
        if (r.rssKiB() > 0) {
            System.out.printf(
                    Locale.ROOT,
                    "  process RSS (heap, stacks, buffers): baseline %.1f MiB, with devices %.1f MiB -> %.1f KiB per device%n",
                    r.baselineRssKiB() / 1024.0,
                    r.rssKiB() / 1024.0,
                    (r.rssKiB() - r.baselineRssKiB()) / (double) Math.max(1, r.connected()));
        }
        System.out.printf(
                Locale.ROOT,
                "  all connected after %.1f s (ramp alone: %.1f s)%n",
                r.allConnected().toMillis() / 1000.0,
                r.count() / (double) o.startPerSecond());
        System.out.println("  connect per device (TLS + MQTT CONNECT + 2 subscriptions, agent timing): "
                + percentiles(r.connects()));
        System.out.println("  direct-method round trip (REST -> hub -> MQTT -> agent -> back), "
                + r.roundTrips().size() + " ok, " + r.failedProbes() + " failed: " + percentiles(r.roundTrips()));
        System.out.printf(
                Locale.ROOT,
                "  stopping all devices (SIGTERM path): %.1f s%n",
                r.stop().toMillis() / 1000.0);
    }

    static String percentiles(List<Duration> values) {
        if (values.isEmpty()) {
            return "n/a";
        }
        List<Duration> sorted = new ArrayList<>(values);
        sorted.sort(Comparator.naturalOrder());
        return String.format(
                Locale.ROOT,
                "p50 %d ms, p95 %d ms, max %d ms (n=%d)",
                pick(sorted, 0.50),
                pick(sorted, 0.95),
                sorted.get(sorted.size() - 1).toMillis(),
                sorted.size());
    }

    private static long pick(List<Duration> sorted, double q) {
        int i = (int) Math.ceil(q * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i))).toMillis();
    }

    private static void deleteTree(Path root) {
        try (var walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (java.io.IOException ignored) {
            // temp files; the OS cleans up
        }
    }
}
