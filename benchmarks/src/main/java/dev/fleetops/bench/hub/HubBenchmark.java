package dev.fleetops.bench.hub;

import dev.fleetops.bench.Heap;
import dev.fleetops.bench.wire.WireDevice;
import dev.fleetops.bench.wire.WireFleet;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * {@code scripts/bench.sh hub [options]}: the local IoT Hub's capacity with wire-level devices: connections held,
 * direct-method round trips per second, acknowledged twin patches per second and GROUP BY latency, each with the heap
 * it took. A benchmark, not a test: it prints figures and asserts nothing. See {@link BenchOptions#USAGE}.
 */
public final class HubBenchmark {

    private HubBenchmark() {}

    public static void main(String[] args) throws Exception {
        int code = run(args, System.out, System.err);
        if (code != 0) {
            System.exit(code);
        }
    }

    /** Runs the benchmark; returns the exit code (2 for bad options). */
    static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        BenchOptions o;
        try {
            o = BenchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            err.println("Run with --help for usage.");
            return 2;
        }
        if (o == null) {
            out.print(BenchOptions.USAGE);
            return 0;
        }
        // One log line per device connection would drown the figures (an in-process hub logs through this JVM).
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        out.printf(
                Locale.ROOT,
                "hub benchmark: %,d devices, %d callers, %d patchers, %.1f s phases (+%.1f s warm-up), %d GROUP BY runs%n",
                o.devices(),
                o.callers(),
                o.patchers(),
                o.phase().toMillis() / 1000.0,
                o.warmUp().toMillis() / 1000.0,
                o.queryRuns());
        out.printf(
                Locale.ROOT,
                "machine: %d cores, Java %s, benchmark JVM max heap %s%n",
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"),
                Heap.mib(Runtime.getRuntime().maxMemory()));
        long benchBase = Heap.usedAfterGcBytes();
        long started = System.nanoTime();
        try (HubUnderTest hub =
                o.inProcess() ? InProcessHub.start(o.devices()) : ChildProcessHub.start(o.devices(), o.hubHeap())) {
            out.printf(
                    Locale.ROOT,
                    "%s; started with %,d devices registered in %.1f s%n",
                    hub.description(),
                    hub.devices().size(),
                    (System.nanoTime() - started) / 1e9);
            OptionalLong hubIdle = hub.heapAfterGcBytes();
            hubIdle.ifPresent(b -> out.println(
                    "hub heap, idle with the registry loaded: " + Heap.mib(b) + " (-Xmx" + o.hubHeap() + ")"));
            WireFleet.Options fleetOptions = hub.fleetOptions(WireFleet.Options.defaults()
                    .withConnectParallelism(o.connectParallelism())
                    .withTwin(true)
                    .withReconnectDelay(null));
            try (WireFleet fleet = WireFleet.connect(hub.devices(), fleetOptions)) {
                ConnectionPhase.Result connections = ConnectionPhase.run(fleet, hub.devices(), out);
                out.println(connections.line());
                heaps(out, "  heap with the connections held", hub, benchBase, connections.connected());
                List<WireDevice> ready =
                        fleet.devices().stream().filter(WireDevice::isReady).toList();
                if (ready.isEmpty()) {
                    err.println("error: no device connected; nothing more to measure");
                    return 1;
                }

                MethodPhase.Result methods = MethodPhase.run(
                        hub.service(),
                        ready.stream().map(WireDevice::deviceId).toList(),
                        o.callers(),
                        o.warmUp(),
                        o.phase());
                out.println(methods.line());
                heaps(out, "  heap after the method phase", hub, benchBase, ready.size());

                TwinPatchPhase.Result patches = TwinPatchPhase.run(
                        ready.subList(0, Math.min(o.patchers(), ready.size())), o.warmUp(), o.phase());
                out.println(patches.line());

                try {
                    out.println(GroupByPhase.run(ready, hub.service(), o.queryRuns())
                            .line());
                } catch (
                        java.io.IOException e) { // e.g. no file descriptor left for the HTTPS connection past the limit
                    out.println("GROUP BY: not measured: " + e);
                }
                heaps(out, "  heap with every twin populated", hub, benchBase, ready.size());
                out.printf(Locale.ROOT, "done in %.0f s%n", (System.nanoTime() - started) / 1e9);
            }
        }
        return 0;
    }

    /** Prints the devices' heap (this JVM, above the baseline) and the hub's, or the one shared heap in process. */
    private static void heaps(PrintStream out, String label, HubUnderTest hub, long benchBase, int devices) {
        long bench = Heap.usedAfterGcBytes();
        OptionalLong hubHeap = hub.heapAfterGcBytes();
        if (hub instanceof ChildProcessHub && hubHeap.isEmpty()) {
            out.printf(
                    Locale.ROOT,
                    "%s: hub JVM not measured (jcmd failed); device JVM %s above its baseline%n",
                    label,
                    Heap.mib(bench - benchBase));
        } else if (hubHeap.isPresent()) {
            out.printf(
                    Locale.ROOT,
                    "%s: hub JVM %s (%.1f KiB per connected device); device JVM %s above its baseline (%.1f KiB per wire device)%n",
                    label,
                    Heap.mib(hubHeap.getAsLong()),
                    hubHeap.getAsLong() / 1024.0 / Math.max(1, devices),
                    Heap.mib(bench - benchBase),
                    (bench - benchBase) / 1024.0 / Math.max(1, devices));
        } else {
            out.printf(
                    Locale.ROOT,
                    "%s: %s for hub and devices together, %s above the baseline (%.1f KiB per device, both sides)%n",
                    label,
                    Heap.mib(bench),
                    Heap.mib(bench - benchBase),
                    (bench - benchBase) / 1024.0 / Math.max(1, devices));
        }
    }
}
