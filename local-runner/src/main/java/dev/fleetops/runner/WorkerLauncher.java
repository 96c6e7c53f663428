package dev.fleetops.runner;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The parent process. The app reads its settings from {@code System.getenv()}, which a JVM cannot change
 * for itself, so, like the Functions host starting the Java worker, the parent starts a child JVM (same
 * java, same class path, {@code --worker}) whose environment is the current one plus the settings'
 * {@code Values}. The child's output goes straight to ours; its stdin is a pipe from us, so it stops when
 * we disappear; stopping us (SIGTERM, Ctrl+C) stops it; we exit with its exit code.
 */
final class WorkerLauncher {
    /** Extra JVM options for the worker, e.g. a debug agent; the setting name Core Tools uses. */
    static final String JAVA_ARGUMENTS_SETTING = "languageWorkers__java__arguments";

    private WorkerLauncher() {}

    static int run(CliOptions options, String[] args) throws RunnerStartException {
        Map<String, String> env =
                new java.util.LinkedHashMap<>(LocalSettings.locate(options).environment(System.getenv()));
        if (options.auth() != null) {
            // One switch for both sides, as the Bicep sets FLEETOPS_AUTH together with App Service Authentication.
            env.put(RunnerConfig.AUTH_SETTING, options.auth());
        }
        ProcessBuilder builder = new ProcessBuilder(command(env, args))
                .redirectOutput(ProcessBuilder.Redirect.INHERIT)
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        builder.environment().clear();
        builder.environment().putAll(env);
        Process child;
        try {
            child = builder.start();
        } catch (IOException e) {
            throw new RunnerStartException("Cannot start the worker JVM: " + e.getMessage(), e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(child), "stop-worker"));
        try {
            return child.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    static List<String> command(Map<String, String> env, String[] args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        String extra = env.getOrDefault(JAVA_ARGUMENTS_SETTING, "");
        if (!extra.isBlank()) {
            command.addAll(Arrays.asList(extra.trim().split("\\s+")));
        }
        command.addAll(
                List.of("-cp", System.getProperty("java.class.path"), Main.class.getName(), CliOptions.WORKER_FLAG));
        command.addAll(Arrays.asList(args));
        return command;
    }

    private static void stop(Process child) {
        if (!child.isAlive()) {
            return;
        }
        child.destroy();
        try {
            if (!child.waitFor(10, TimeUnit.SECONDS)) {
                child.destroyForcibly();
            }
        } catch (InterruptedException e) {
            child.destroyForcibly();
        }
    }
}
