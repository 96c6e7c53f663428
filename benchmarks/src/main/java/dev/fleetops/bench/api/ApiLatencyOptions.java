package dev.fleetops.bench.api;

import static dev.fleetops.bench.OptionValues.number;
import static dev.fleetops.bench.OptionValues.value;

import dev.fleetops.bench.wire.LatencyDistribution;
import dev.fleetops.core.rollout.service.HubSku;
import java.nio.file.Path;

/**
 * Options of {@code scripts/bench.sh api}.
 *
 * @param devices        devices in the reboot operation (all registered in the hub)
 * @param connected      of those, how many are connected wire devices (the rest are offline: the hub answers 404103)
 * @param deviceLatency  how long a connected device takes to answer a method
 * @param pollers        concurrent pollers of {@code GET /api/operations/{id}}
 * @param seconds        measured seconds per phase (idle baseline, then during the rollout)
 * @param warmupSeconds  seconds of polling before each phase's measurement, not recorded
 * @param schedule       the runner's {@code ROLLOUT_SCHEDULE}
 * @param storage        Storage connection string (Azurite with Table, Blob and Queue endpoints)
 * @param out            where the CSV and the SVG go
 * @param plot           a second copy of the SVG (e.g. docs/images/api-latency.svg), or null
 * @param runnerJar      the local runner
 * @param app            the packaged FleetOps app
 * @param resumeViaApi   resume with {@code POST /api/operations/{id}/resume} rather than on the operation's row
 */
public record ApiLatencyOptions(
        int devices,
        int connected,
        LatencyDistribution deviceLatency,
        int pollers,
        int seconds,
        int warmupSeconds,
        HubSku sku,
        int units,
        String schedule,
        String storage,
        Path out,
        Path plot,
        Path runnerJar,
        Path app,
        boolean resumeViaApi) {
    static final String AZURITE = "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;"
            + "AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;"
            + "BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;"
            + "QueueEndpoint=http://127.0.0.1:10001/devstoreaccount1;"
            + "TableEndpoint=http://127.0.0.1:10002/devstoreaccount1;";

    static final String HELP = """
            scripts/bench.sh api [options]   (needs Azurite: scripts/azurite.sh start DIR; and the packaged app and runner)
              --devices 100000          devices in the reboot operation, all registered in the hub
              --connected 2000          of those, connected wire devices, spread evenly (the rest are offline: 404103)
              --device-latency-ms 500-3000   how long a connected device takes to answer (uniform)
              --pollers 50              concurrent pollers of GET /api/operations/{id} (HTTP/1.1 keep-alive)
              --seconds 60              measured seconds per phase: idle (operation paused), then during the rollout
              --warmup-seconds 15       polling before each phase's measurement, not recorded
              --sku S1 --units 10       the hub's throttles and the app's pacer (IOTHUB_SKU, IOTHUB_UNITS)
              --schedule "*/5 * * * * *"   the runner's ROLLOUT_SCHEDULE
              --storage CONNECTION-STRING  default: $FLEETOPS_TEST_STORAGE, else Azurite on 127.0.0.1:10000-10002
              --out DIR                 default benchmarks/target/api-latency (api-latency.csv, api-latency.svg)
              --plot FILE               also write the SVG there (e.g. docs/images/api-latency.svg)
              --runner-jar FILE         default local-runner/target/local-runner.jar
              --app DIR                 default functions/target/azure-functions/fleetops
              --resume-via row|api      how the paused operation is resumed (default row: the API's command reads
                                        every device row first and loses to the 5-second ticks at 100,000 devices)
              --smoke                   300 devices, 40 connected answering in 50-200 ms, 4 pollers, 4 s + 2 s warm-up,
                                        S1 x 1, ticks every 2 s""";

    /** The options, or null for --help. */
    public static ApiLatencyOptions parse(String[] args) {
        int devices = 100_000;
        int connected = 2000;
        LatencyDistribution latency = LatencyDistribution.parse("500-3000", "uniform");
        int pollers = 50;
        int seconds = 60;
        int warmup = 15;
        HubSku sku = HubSku.S1;
        int units = 10;
        String schedule = "*/5 * * * * *";
        String env = System.getenv("FLEETOPS_TEST_STORAGE");
        String storage = env == null || env.isBlank() ? AZURITE : env;
        Path out = Path.of("benchmarks/target/api-latency");
        Path plot = null;
        Path runner = Path.of("local-runner/target/local-runner.jar");
        Path app = Path.of("functions/target/azure-functions/fleetops");
        boolean resumeViaApi = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "-h", "--help" -> {
                    return null;
                }
                case "--smoke" -> {
                    devices = 300;
                    connected = 40;
                    latency = LatencyDistribution.parse("50-200", "uniform");
                    pollers = 4;
                    seconds = 4;
                    warmup = 2;
                    units = 1;
                    schedule = "*/2 * * * * *";
                }
                case "--devices" -> devices = number(value(args, ++i, a), a, 10, 1_000_000);
                case "--connected" -> connected = number(value(args, ++i, a), a, 0, 20_000);
                case "--device-latency-ms" -> latency = LatencyDistribution.parse(value(args, ++i, a), "uniform");
                case "--pollers" -> pollers = number(value(args, ++i, a), a, 1, 1000);
                case "--seconds" -> seconds = number(value(args, ++i, a), a, 1, 3600);
                case "--warmup-seconds" -> warmup = number(value(args, ++i, a), a, 0, 600);
                case "--sku" -> sku = sku(value(args, ++i, a));
                case "--units" -> units = number(value(args, ++i, a), a, 1, 200);
                case "--schedule" -> schedule = value(args, ++i, a);
                case "--storage" -> storage = value(args, ++i, a);
                case "--out" -> out = Path.of(value(args, ++i, a));
                case "--plot" -> plot = Path.of(value(args, ++i, a));
                case "--runner-jar" -> runner = Path.of(value(args, ++i, a));
                case "--app" -> app = Path.of(value(args, ++i, a));
                case "--resume-via" -> {
                    String v = value(args, ++i, a);
                    if (!v.equals("row") && !v.equals("api")) {
                        throw new IllegalArgumentException("--resume-via must be row or api: " + v);
                    }
                    resumeViaApi = v.equals("api");
                }
                default -> throw new IllegalArgumentException("unknown option '" + a + "' (see --help)");
            }
        }
        return new ApiLatencyOptions(
                devices,
                Math.min(connected, devices),
                latency,
                pollers,
                seconds,
                warmup,
                sku,
                units,
                schedule,
                storage,
                out,
                plot,
                runner,
                app,
                resumeViaApi);
    }

    private static HubSku sku(String s) {
        return HubSku.parse(s).orElseThrow(() -> new IllegalArgumentException("--sku must be F1, S1, S2 or S3"));
    }
}
