package dev.fleetops.bench;

import java.lang.reflect.InvocationTargetException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code java -jar benchmarks/target/benchmarks.jar <benchmark> [options]}: runs one benchmark and
 * prints its figures. Benchmarks are commands, not tests: they measure, they do not assert. Each one
 * documents its options with {@code --help}; docs/performance.md records their output.
 */
public final class Main {

    /** Benchmark name → class with a {@code public static void main(String[])}; looked up lazily. */
    private static final Map<String, String> BENCHMARKS = new LinkedHashMap<>();

    static {
        BENCHMARKS.put("hub", "dev.fleetops.bench.hub.HubBenchmark");
        BENCHMARKS.put("simulator", "dev.fleetops.bench.sim.SimulatorBenchmark");
        BENCHMARKS.put("dispatch", "dev.fleetops.bench.dispatch.DispatchBenchmark");
        BENCHMARKS.put("cold-start", "dev.fleetops.bench.coldstart.ColdStartBenchmark");
        BENCHMARKS.put("ticks", "dev.fleetops.bench.ticks.TickCostBenchmark");
        BENCHMARKS.put("api", "dev.fleetops.bench.api.ApiLatencyBenchmark");
    }

    private Main() {}

    /** The benchmark names, in the order scripts/bench.sh --help lists them. */
    static java.util.Set<String> names() {
        return java.util.Collections.unmodifiableSet(BENCHMARKS.keySet());
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || !BENCHMARKS.containsKey(args[0])) {
            System.err.println(
                    "usage: benchmarks.jar <" + String.join("|", BENCHMARKS.keySet()) + "> [--help | options]");
            System.exit(2);
            return;
        }
        String[] rest = new String[args.length - 1];
        System.arraycopy(args, 1, rest, 0, rest.length);
        try {
            Class.forName(BENCHMARKS.get(args[0]))
                    .getMethod("main", String[].class)
                    .invoke(null, (Object) rest);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof Exception ex) {
                throw ex;
            }
            throw e;
        }
    }
}
