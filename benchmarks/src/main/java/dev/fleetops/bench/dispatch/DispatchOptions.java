package dev.fleetops.bench.dispatch;

import dev.fleetops.bench.wire.DeviceBehaviour;
import dev.fleetops.bench.wire.LatencyDistribution;
import dev.fleetops.core.rollout.service.HubSku;
import java.time.Duration;
import java.util.List;

/**
 * {@code dispatch} command line.
 *
 * @param storage        Table Storage connection string, or {@code memory} for the in-memory store
 * @param jobDevices     devices the IoT Hub job runs on (a subset of the fleet, to keep the run short)
 * @param dispatchBudget how long one tick may dispatch (the timer's schedule minus a margin)
 * @param devicesBehave  how the wire devices answer (latency, slow/offline/timeout shares)
 * @param methodTimeoutSeconds the hub's response timeout for each call (rollout and job alike)
 */
record DispatchOptions(
        boolean help,
        int devices,
        HubSku sku,
        int units,
        int jobDevices,
        String storage,
        int parallelism,
        boolean fixedWindow,
        Duration dispatchBudget,
        double share,
        DeviceBehaviour devicesBehave,
        int methodTimeoutSeconds,
        List<Integer> instances,
        String workerJavaOptions) {

    /** Whether the run is the queue-dispatch one: the packaged app in local runner processes ({@link FanOutRun}). */
    boolean fanOut() {
        return !instances.isEmpty();
    }

    static final String USAGE = """
            Usage: benchmarks.jar dispatch [options]

            A reboot rollout with no wave limits over N devices, driven by the real RolloutTicker with the
            functions' service-SDK adapters and Table store, on an in-process local hub with SKU throttling;
            then, on the same hub, an IoT Hub job (ScheduledJobsClient) calling the same method. Devices are
            wire-level MQTT clients (WireFleet) that answer every method at once, or after a drawn latency
            with shares of slow, offline and silent devices. Prints devices dispatched per second against the
            hub's method limit (the first tick and the steady state after it separately), 429s, hub requests
            per tick, Table requests per device, how each kind of device ended, and the job's devices per
            second.

            Options:
              --devices N            fleet size (1-10000, default 10000)
              --sku S1 --units 1     hub tier and units to emulate, for hub and pacer alike (default S1, 1;
                                     e.g. --sku S1 --units 10: 400 calls/s, --sku S2 --units 5: 600 calls/s)
              --job-devices M        devices the IoT Hub job covers (default 300; 10/s on S1)
              --storage CS|memory    Table Storage connection string (default: $FLEETOPS_TEST_STORAGE, else
                                     UseDevelopmentStorage=true), or memory
              --parallelism P        the most direct methods in flight (default 512, as ROLLOUT_DISPATCH_PARALLELISM)
              --window W             adaptive (default): in flight = rate x observed latency, at most P;
                                     fixed: always P calls on a fixed pool of P threads (FleetOps before
                                     the adaptive window, with P 32: the baseline)
              --budget-seconds S     dispatch time per tick (default 25)
              --share F              share of the method limit rollouts use (default 0.95)
              --method-timeout-seconds T  the hub's response timeout per call, rollout and job (5-300, default 10)
              --device-latency-ms A-B     devices answer after a latency from A to B ms (default: at once)
              --device-latency-dist D     uniform (default) or lognormal (A and B its 5th and 95th percentiles)
              --slow-share F         share of devices answering after 5x the drawn latency (default 0)
              --offline-share F      share of devices never connected: the hub answers 404103 (default 0)
              --timeout-share F      share of devices never answering: 504101 after T s (default 0)
              --seed N               seeds which devices misbehave and every latency drawn (default 1)
              --instances 1,2,3      instead of the in-process ticker: the packaged app in that many local
                                     runner processes at a time (one run per count), ROLLOUT_DISPATCH_MODE=queue,
                                     sharing the hub and Azurite (--storage must reach Table, Blob and Queue);
                                     ROLLOUT_DISPATCH_PARALLELISM is --parallelism per instance. Reports
                                     devices/s, 429s, how the queue messages spread and the instances' CPU
                                     time per call. Needs local-runner/target/local-runner.jar and the staged app
              --worker-java-options "..."  with --instances: the app's JVM options
                                     (languageWorkers__java__arguments), e.g. "-Dhttp.maxConnections=256"
              --smoke                a few seconds: 60 devices (unless --devices says), 20 job devices
              --help
            """;

    static DispatchOptions parse(String[] args) {
        int devices = 10_000;
        HubSku sku = HubSku.S1;
        int units = 1;
        int job = 300;
        String env = System.getenv("FLEETOPS_TEST_STORAGE");
        String storage = env == null || env.isBlank() ? "UseDevelopmentStorage=true" : env;
        int parallelism = 512;
        boolean fixedWindow = false;
        int budget = 25;
        double share = dev.fleetops.core.rollout.service.DispatchPacer.DEFAULT_SHARE;
        boolean smoke = false;
        boolean devicesGiven = false;
        int methodTimeout = 10;
        String latencyRange = null;
        String latencyDist = "uniform";
        double slow = 0;
        double offline = 0;
        double timeout = 0;
        long seed = 1;
        List<Integer> instances = List.of();
        String workerJava = "";
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--help", "-h" -> {
                    return new DispatchOptions(
                            true, 0, sku, 0, 0, null, 0, false, null, 0, DeviceBehaviour.AT_ONCE, 10, List.of(), "");
                }
                case "--devices" -> {
                    devices = number(args, ++i, a, 1, 10_000);
                    devicesGiven = true;
                }
                case "--method-timeout-seconds" -> methodTimeout = number(args, ++i, a, 5, 300);
                case "--device-latency-ms" -> latencyRange = value(args, ++i, a);
                case "--device-latency-dist" -> latencyDist = value(args, ++i, a);
                case "--slow-share" -> slow = fraction(args, ++i, a);
                case "--offline-share" -> offline = fraction(args, ++i, a);
                case "--timeout-share" -> timeout = fraction(args, ++i, a);
                case "--seed" -> {
                    try {
                        seed = Long.parseLong(value(args, ++i, a));
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("--seed must be a whole number");
                    }
                }
                case "--sku" -> {
                    String v = value(args, ++i, a);
                    sku = HubSku.parse(v)
                            .orElseThrow(() -> new IllegalArgumentException("--sku must be F1, S1, S2 or S3"));
                }
                case "--units" -> units = number(args, ++i, a, 1, 200);
                case "--job-devices" -> job = number(args, ++i, a, 1, 10_000);
                case "--storage" -> storage = value(args, ++i, a);
                case "--parallelism" -> parallelism = number(args, ++i, a, 1, 2048);
                case "--window" -> {
                    String w = value(args, ++i, a);
                    if (!w.equals("adaptive") && !w.equals("fixed")) {
                        throw new IllegalArgumentException("--window must be adaptive or fixed");
                    }
                    fixedWindow = w.equals("fixed");
                }
                case "--budget-seconds" -> budget = number(args, ++i, a, 1, 600);
                case "--share" -> {
                    try {
                        share = Double.parseDouble(value(args, ++i, a));
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("--share must be a number");
                    }
                    if (!(share > 0 && share <= 1)) {
                        throw new IllegalArgumentException("--share must be in (0, 1]");
                    }
                }
                case "--smoke" -> smoke = true;
                case "--worker-java-options" -> workerJava = value(args, ++i, a);
                case "--instances" -> {
                    List<Integer> counts = new java.util.ArrayList<>();
                    for (String n : value(args, ++i, a).split(",")) {
                        try {
                            int c = Integer.parseInt(n.trim());
                            if (c < 1 || c > 8) {
                                throw new NumberFormatException();
                            }
                            counts.add(c);
                        } catch (NumberFormatException e) {
                            throw new IllegalArgumentException("--instances must be counts from 1 to 8, e.g. 1,2,3");
                        }
                    }
                    instances = List.copyOf(counts);
                }
                default ->
                    throw new IllegalArgumentException(
                            "unknown option '" + (a.length() > 40 ? a.substring(0, 40) : a) + "'; see dispatch --help");
            }
        }
        if (latencyRange == null && !"uniform".equals(latencyDist)) {
            throw new IllegalArgumentException("--device-latency-dist needs --device-latency-ms");
        }
        if (smoke) {
            devices = devicesGiven ? devices : 60;
            job = Math.min(job, 20);
            budget = Math.min(budget, 2);
        }
        return new DispatchOptions(
                false,
                devices,
                sku,
                units,
                Math.min(job, devices),
                storage,
                parallelism,
                fixedWindow,
                Duration.ofSeconds(budget),
                share,
                new DeviceBehaviour(
                        latencyRange == null
                                ? LatencyDistribution.NONE
                                : LatencyDistribution.parse(latencyRange, latencyDist),
                        slow,
                        offline,
                        timeout,
                        seed),
                methodTimeout,
                instances,
                workerJava);
    }

    private static double fraction(String[] args, int i, String option) {
        String v = value(args, i, option);
        try {
            double d = Double.parseDouble(v);
            if (d >= 0 && d <= 1) {
                return d;
            }
        } catch (NumberFormatException ignored) {
            // falls through
        }
        throw new IllegalArgumentException(option + " must be a number from 0 to 1");
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    private static int number(String[] args, int i, String option, int min, int max) {
        String v = value(args, i, option);
        try {
            int n = Integer.parseInt(v);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // falls through
        }
        throw new IllegalArgumentException(option + " must be a whole number from " + min + " to " + max);
    }
}
