package dev.fleetops.runner;

/**
 * {@code java -jar local-runner.jar --app <staging dir> ...}: starts the worker as a child JVM whose
 * environment carries the local settings (see {@link WorkerLauncher}); with the internal
 * {@code --worker} flag, runs the worker itself ({@link WorkerMain}).
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        CliOptions options;
        try {
            options = CliOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("local-runner: " + e.getMessage());
            System.err.println(CliOptions.USAGE);
            System.exit(2);
            return;
        }
        if (options.help()) {
            System.out.println(CliOptions.USAGE);
            return;
        }
        try {
            System.exit(options.worker() ? WorkerMain.run(options) : WorkerLauncher.run(options, args));
        } catch (RunnerStartException | IllegalArgumentException e) {
            System.err.println("local-runner: " + e.getMessage());
            System.exit(2);
        }
    }
}
