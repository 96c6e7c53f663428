package dev.fleetops.bench.hub;

import java.time.Duration;

/**
 * What {@code scripts/bench.sh hub} measures and how hard.
 *
 * @param devices            wire devices to connect (and twins to group)
 * @param connectParallelism connection attempts in flight at once
 * @param callers            concurrent service-side direct-method callers
 * @param patchers           devices sending reported patches at once, each waiting for its acknowledgement
 * @param phase              how long the method and twin phases each measure (after a warm-up of a fifth of it)
 * @param queryRuns          timed runs of the GROUP BY query
 * @param inProcess          run the hub in this JVM instead of a child JVM
 * @param hubHeap            -Xmx of the child hub JVM
 */
record BenchOptions(
        int devices,
        int connectParallelism,
        int callers,
        int patchers,
        Duration phase,
        int queryRuns,
        boolean inProcess,
        String hubHeap) {

    static final String USAGE = """
            Usage: scripts/bench.sh hub [options]

            Measures the local IoT Hub with wire-level MQTT/TLS devices (one Netty event-loop group, no SDK
            threads) and the HTTPS service API, and prints each figure with the heap it took:
              1. concurrent device connections held (ramp to --devices or until failure; connect rate)
              2. direct-method round trips per second (--callers concurrent HTTPS callers, devices answer at once)
              3. reported twin patches per second over MQTT (acknowledged after the fsync'd write-ahead log)
              4. GROUP BY latency over every device's twin (iothubDM.firmwareUpdate.status), median and p95

            The hub runs in a child JVM by default (its own heap figure and its own open-file budget: each
            connection costs a descriptor on both sides, and the usual limit is 20,000 per process).

            Options:
              --devices N               devices to connect (default 10000)
              --connect-parallelism N   connection attempts in flight (default 200)
              --callers N               concurrent direct-method callers (default 32)
              --patchers N              devices patching reported properties at once (default 64)
              --seconds N               measured seconds of the method and twin phases (default 10)
              --query-runs N            timed GROUP BY runs (default 20)
              --hub-heap SIZE           -Xmx of the child hub JVM (default 2g)
              --in-process              run the hub in this JVM (one heap figure for hub and devices)
              --smoke                   tiny sizes, a few seconds: checks that the command works
              --help                    show this text
            """;

    static BenchOptions defaults() {
        return new BenchOptions(10_000, 200, 32, 64, Duration.ofSeconds(10), 20, false, "2g");
    }

    static BenchOptions smoke() {
        return new BenchOptions(40, 40, 4, 8, Duration.ofMillis(1500), 5, false, "256m");
    }

    /**
     * Parses the command line; returns null when only help was asked for.
     *
     * @throws IllegalArgumentException naming the bad option
     */
    static BenchOptions parse(String[] args) {
        BenchOptions o = defaults();
        for (String a : args) {
            if (a.equals("--smoke")) {
                o = smoke(); // first, so later options can change the smoke sizes
            }
        }
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--help", "-h" -> {
                    return null;
                }
                case "--smoke" -> {}
                case "--devices" -> o = o.withDevices(number(args, ++i, a, 1, 100_000));
                case "--connect-parallelism" ->
                    o = new BenchOptions(
                            o.devices,
                            number(args, ++i, a, 1, 10_000),
                            o.callers,
                            o.patchers,
                            o.phase,
                            o.queryRuns,
                            o.inProcess,
                            o.hubHeap);
                case "--callers" ->
                    o = new BenchOptions(
                            o.devices,
                            o.connectParallelism,
                            number(args, ++i, a, 1, 1_000),
                            o.patchers,
                            o.phase,
                            o.queryRuns,
                            o.inProcess,
                            o.hubHeap);
                case "--patchers" ->
                    o = new BenchOptions(
                            o.devices,
                            o.connectParallelism,
                            o.callers,
                            number(args, ++i, a, 1, 10_000),
                            o.phase,
                            o.queryRuns,
                            o.inProcess,
                            o.hubHeap);
                case "--seconds" ->
                    o = new BenchOptions(
                            o.devices,
                            o.connectParallelism,
                            o.callers,
                            o.patchers,
                            Duration.ofSeconds(number(args, ++i, a, 1, 3_600)),
                            o.queryRuns,
                            o.inProcess,
                            o.hubHeap);
                case "--query-runs" ->
                    o = new BenchOptions(
                            o.devices,
                            o.connectParallelism,
                            o.callers,
                            o.patchers,
                            o.phase,
                            number(args, ++i, a, 1, 10_000),
                            o.inProcess,
                            o.hubHeap);
                case "--hub-heap" -> {
                    String size = value(args, ++i, a);
                    if (!size.matches("[0-9]+[kKmMgG]?")) {
                        throw new IllegalArgumentException(
                                "--hub-heap must be a JVM size such as 512m or 2g, was '" + size + "'");
                    }
                    o = new BenchOptions(
                            o.devices,
                            o.connectParallelism,
                            o.callers,
                            o.patchers,
                            o.phase,
                            o.queryRuns,
                            o.inProcess,
                            size);
                }
                case "--in-process" ->
                    o = new BenchOptions(
                            o.devices,
                            o.connectParallelism,
                            o.callers,
                            o.patchers,
                            o.phase,
                            o.queryRuns,
                            true,
                            o.hubHeap);
                default -> throw new IllegalArgumentException("unknown option " + a);
            }
        }
        if (o.patchers > o.devices) {
            o = new BenchOptions(
                    o.devices,
                    o.connectParallelism,
                    o.callers,
                    o.devices,
                    o.phase,
                    o.queryRuns,
                    o.inProcess,
                    o.hubHeap);
        }
        return o;
    }

    private BenchOptions withDevices(int n) {
        return new BenchOptions(n, connectParallelism, callers, patchers, phase, queryRuns, inProcess, hubHeap);
    }

    Duration warmUp() {
        return phase.dividedBy(5);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length || args[i].startsWith("--")) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    private static int number(String[] args, int i, String option, int min, int max) {
        String v = value(args, i, option);
        try {
            int n = Integer.parseInt(v);
            if (n < min || n > max) {
                throw new IllegalArgumentException(option + " must be between " + min + " and " + max + ", was " + n);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " must be a whole number, was '" + v + "'");
        }
    }
}
