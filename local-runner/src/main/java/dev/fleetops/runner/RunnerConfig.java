package dev.fleetops.runner;

import dev.fleetops.runner.easyauth.EasyAuth;
import dev.fleetops.runner.http.CorsPolicy;
import dev.fleetops.runner.queue.PollPause;
import dev.fleetops.runner.queue.QueueRun;
import dev.fleetops.runner.timer.TimerRun;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * What the worker core needs. {@code env} is the worker's environment as the runner sees it: it resolves
 * {@code %SETTING%} schedules and {@code FLEETOPS_FUNCTION_KEY}. The app itself reads
 * {@code System.getenv()}; the CLI makes both the same by starting the worker as a child process.
 *
 * @param port        0 picks a free port
 * @param functionKey null: {@code FLEETOPS_FUNCTION_KEY} from {@code env}, else a generated key
 * @param easyAuth    null: no App Service Authentication in front of the app ({@code FLEETOPS_AUTH=key}); else the
 *                    runner plays it ({@code FLEETOPS_AUTH=entra}, see {@link dev.fleetops.runner.easyauth.EasyAuthGate})
 * @param queueListener told when a queue-triggered invocation starts and ends; null: nobody
 * @param tuning        shorter waits for tests; null: the host's
 */
public record RunnerConfig(
        Path appDir,
        Map<String, String> env,
        int port,
        String functionKey,
        CorsPolicy cors,
        Consumer<TimerRun> timerListener,
        EasyAuth easyAuth,
        Consumer<QueueRun> queueListener,
        Tuning tuning) {
    public static final String FUNCTION_KEY_SETTING = "FLEETOPS_FUNCTION_KEY";
    /** The app's identity mode ({@code entra} or {@code key}); {@code entra} turns the runner's App Service Authentication on. */
    public static final String AUTH_SETTING = "FLEETOPS_AUTH";

    /** Without App Service Authentication. */
    public RunnerConfig(
            Path appDir,
            Map<String, String> env,
            int port,
            String functionKey,
            CorsPolicy cors,
            Consumer<TimerRun> timerListener) {
        this(appDir, env, port, functionKey, cors, timerListener, null);
    }

    /** Without queue listener or tuning. */
    public RunnerConfig(
            Path appDir,
            Map<String, String> env,
            int port,
            String functionKey,
            CorsPolicy cors,
            Consumer<TimerRun> timerListener,
            EasyAuth easyAuth) {
        this(appDir, env, port, functionKey, cors, timerListener, easyAuth, null, null);
    }

    /**
     * Waits the host takes from host.json or its constants, shortened for tests; a null member keeps the host's.
     *
     * @param lockRecoveryInterval how often an instance without a timer's singleton lock tries again
     *                             ({@code singleton.listenerLockRecoveryPollingInterval}, at least 15 s in the host)
     * @param pollPause            how queue listeners wait between polls of an empty queue (tests record the delays)
     * @param messageVisibility    how long a received queue message stays invisible before its renewal (10 min)
     */
    public record Tuning(Duration lockRecoveryInterval, PollPause pollPause, Duration messageVisibility) {
        public static final Tuning HOST = new Tuning(null, null, null);
    }

    public RunnerConfig {
        Objects.requireNonNull(appDir, "'appDir' must not be null");
        env = Map.copyOf(env);
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("'port' must be 0-65535, was " + port);
        }
        cors = cors == null ? CorsPolicy.none() : cors;
        timerListener = timerListener == null ? run -> {} : timerListener;
        queueListener = queueListener == null ? run -> {} : queueListener;
        tuning = tuning == null ? Tuning.HOST : tuning;
    }
}
