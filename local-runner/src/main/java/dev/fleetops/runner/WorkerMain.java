package dev.fleetops.runner;

import dev.fleetops.runner.easyauth.EasyAuth;
import dev.fleetops.runner.http.CorsPolicy;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;
import java.util.logging.Logger;

/**
 * The child process: its environment already holds the settings, so it starts {@link LocalRunner} with
 * {@code System.getenv()}, prints the banner, and runs until stopped or until its stdin (the parent's
 * pipe) closes.
 */
final class WorkerMain {
    static final int DEFAULT_PORT = 7071;

    private WorkerMain() {}

    static int run(CliOptions options) {
        if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
            System.setProperty(
                    "java.util.logging.SimpleFormatter.format", "[%1$tFT%1$tT.%1$tLZ] %4$s %3$s: %5$s%6$s%n");
        }
        LocalSettings settings = LocalSettings.locate(options);
        int port = options.port() != null
                ? options.port()
                : settings.localHttpPort() != null ? settings.localHttpPort() : DEFAULT_PORT;
        java.nio.file.Path stateDir = options.stateDir() != null ? options.stateDir() : EasyAuth.DEFAULT_STATE_DIR;
        String envKey = System.getenv(RunnerConfig.FUNCTION_KEY_SETTING);
        // A key neither given nor in the environment is the one an earlier run kept: restarts keep working URLs,
        // scripts and shells that exported it.
        java.util.Optional<String> kept = options.functionKey() == null && (envKey == null || envKey.isBlank())
                ? KeyFile.read(stateDir)
                : java.util.Optional.empty();
        RunnerConfig config = new RunnerConfig(
                options.app().toAbsolutePath().normalize(),
                System.getenv(),
                port,
                options.functionKey() != null ? options.functionKey() : kept.orElse(null),
                cors(options, settings),
                null,
                easyAuth(options, System.getenv()));
        LocalRunner runner = LocalRunner.start(config);
        Runtime.getRuntime().addShutdownHook(new Thread(runner::close, "stop-runner"));
        if (runner.keyGenerated()) {
            runner.keepGeneratedKey(stateDir);
        } else if (kept.isPresent()) {
            runner.keptKeyIn(KeyFile.path(stateDir));
        }
        runner.banner().forEach(System.out::println);
        System.out.flush();
        try {
            System.in.transferTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
            // treated like end of input
        }
        Logger.getLogger("Host").info("Parent process ended (stdin closed); stopping");
        return 0;
    }

    /** {@code --cors} and {@code --cors-credentials} replace the settings' {@code Host.CORS} and {@code Host.CORSCredentials}. */
    static CorsPolicy cors(CliOptions options, LocalSettings settings) {
        return CorsPolicy.parse(
                options.cors() != null ? options.cors() : settings.cors(),
                options.corsCredentials() != null ? options.corsCredentials() : settings.corsCredentials());
    }

    /** App Service Authentication when {@code --auth entra}, or without {@code --auth} when the app's FLEETOPS_AUTH is entra. */
    static EasyAuth easyAuth(CliOptions options, Map<String, String> env) {
        String mode = options.auth() != null
                ? options.auth()
                : env.getOrDefault(RunnerConfig.AUTH_SETTING, "key").strip();
        if (!mode.equals("entra") && !mode.equals("key") && !mode.isEmpty()) {
            throw new IllegalArgumentException(RunnerConfig.AUTH_SETTING + " must be entra or key, was '" + mode + "'");
        }
        return mode.equals("entra")
                ? EasyAuth.in(options.stateDir() != null ? options.stateDir() : EasyAuth.DEFAULT_STATE_DIR)
                : null;
    }
}
