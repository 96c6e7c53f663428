package dev.fleetops.bench.coldstart;

import java.nio.file.Path;

/** {@code cold-start} command line. */
record ColdStartOptions(
        boolean help, int repetitions, Path fleetopsApp, Path helloApp, Path runnerJar, String javaOptions) {
    static final String USAGE = """
            Usage: scripts/bench.sh cold-start [options]

            Time from process start to the first answered HTTP request, for the FleetOps app and for a
            "hello" function packaged the same way (tools/hello-function), in two hosts:
              runner  java -jar local-runner.jar (a launcher JVM that starts the worker JVM, as func start does)
              bare    one JVM: the runner's worker alone with the app, as the Functions Java worker runs it
            Repeats each (app, host) pair, alternating them, and prints medians and FleetOps/hello ratios,
            the first IoT Hub call (service clients built on first use) and the packaged app sizes.

            Options:
              --repetitions N    runs per (app, host) pair (default 5)
              --fleetops-app DIR default functions/target/azure-functions/fleetops
              --hello-app DIR    default tools/hello-function/target/azure-functions/hello
              --runner-jar FILE  default local-runner/target/local-runner.jar
              --java-options S   extra JVM options for the measured JVMs, e.g. "-XX:TieredStopAtLevel=1"
            """;

    static ColdStartOptions parse(String[] args) {
        int reps = 5;
        Path fleetops = Path.of("functions/target/azure-functions/fleetops");
        Path hello = Path.of("tools/hello-function/target/azure-functions/hello");
        Path runner = Path.of("local-runner/target/local-runner.jar");
        String javaOptions = "";
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--help") || a.equals("-h")) {
                return new ColdStartOptions(true, 0, null, null, null, null);
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(a + " needs a value (see --help)");
            }
            String v = args[++i];
            switch (a) {
                case "--repetitions" -> {
                    try {
                        reps = Integer.parseInt(v);
                    } catch (NumberFormatException e) {
                        reps = -1;
                    }
                    if (reps < 1 || reps > 100) {
                        throw new IllegalArgumentException("--repetitions must be a whole number from 1 to 100");
                    }
                }
                case "--fleetops-app" -> fleetops = Path.of(v);
                case "--hello-app" -> hello = Path.of(v);
                case "--runner-jar" -> runner = Path.of(v);
                case "--java-options" -> javaOptions = v;
                default -> throw new IllegalArgumentException("unknown option " + a + " (see --help)");
            }
        }
        return new ColdStartOptions(false, reps, fleetops, hello, runner, javaOptions);
    }
}
