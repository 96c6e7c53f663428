package dev.fleetops.bench.ticks;

import static dev.fleetops.bench.OptionValues.number;
import static dev.fleetops.bench.OptionValues.value;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Options of {@code scripts/bench.sh ticks}.
 *
 * @param sizes    operation sizes, in devices
 * @param ticks    ticks per size (the first is reported apart: it writes no in-flight rows yet)
 * @param perTick  devices a tick may start (the pacer's rate × the 30 s budget)
 * @param storage  Table Storage connection string (Azurite)
 * @param fullRead whether to time one read of the whole operation per size, as every tick did before
 * @param out      where the CSV and the SVG go
 * @param plotFrom CSV files of earlier runs to plot together instead of measuring (empty: measure)
 */
public record TickCostOptions(
        List<Integer> sizes, int ticks, int perTick, String storage, boolean fullRead, Path out, List<Path> plotFrom) {
    static final String AZURITE = "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;"
            + "AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;"
            + "TableEndpoint=http://127.0.0.1:10002/devstoreaccount1;";

    static final String HELP = """
            scripts/bench.sh ticks [options]   (needs Azurite: scripts/azurite.sh start DIR)
              --sizes 10000,100000,1000000   operation sizes in devices
              --ticks 6                      ticks per size (the first is reported apart)
              --per-tick 1000                devices a tick may start (S1 x 1 at 95 %: 950)
              --storage CONNECTION-STRING    default: $FLEETOPS_TEST_STORAGE, else Azurite on 127.0.0.1:10002
              --no-full-read                 skip timing one read of the whole operation per size
              --out DIR                      default benchmarks/target/tick-cost
              --plot-from CSV1,CSV2,...      no measuring: the table and curves of earlier runs' tick-cost.csv
                                             together (Azurite scans its whole table per query, so each size
                                             is best measured on a fresh Azurite)
              --smoke                        sizes 300,1200, 3 ticks, 100 per tick""";

    /** The options, or null for --help. */
    public static TickCostOptions parse(String[] args) {
        List<Integer> sizes = List.of(10_000, 100_000, 1_000_000);
        int ticks = 6;
        int perTick = 1000;
        String env = System.getenv("FLEETOPS_TEST_STORAGE");
        String storage = env == null || env.isBlank() ? AZURITE : env;
        boolean fullRead = true;
        Path out = Path.of("benchmarks/target/tick-cost");
        List<Path> plotFrom = List.of();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "-h", "--help" -> {
                    return null;
                }
                case "--smoke" -> {
                    sizes = List.of(300, 1200);
                    ticks = 3;
                    perTick = 100;
                }
                case "--no-full-read" -> fullRead = false;
                case "--sizes" -> sizes = sizes(value(args, ++i, a));
                case "--ticks" -> ticks = number(value(args, ++i, a), a, 2, 1000);
                case "--per-tick" -> perTick = number(value(args, ++i, a), a, 1, 100_000);
                case "--storage" -> storage = value(args, ++i, a);
                case "--out" -> out = Path.of(value(args, ++i, a));
                case "--plot-from" -> {
                    List<Path> files = new ArrayList<>();
                    for (String f : value(args, ++i, a).split(",")) {
                        files.add(Path.of(f.trim()));
                    }
                    plotFrom = List.copyOf(files);
                }
                default -> throw new IllegalArgumentException("unknown option '" + a + "' (see --help)");
            }
        }
        return new TickCostOptions(sizes, ticks, perTick, storage, fullRead, out, plotFrom);
    }

    private static List<Integer> sizes(String s) {
        List<Integer> out = new ArrayList<>();
        for (String part : s.split(",")) {
            out.add(number(part.trim(), "--sizes", 10, 2_000_000));
        }
        return List.copyOf(out);
    }
}
