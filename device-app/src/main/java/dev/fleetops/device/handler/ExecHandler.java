package dev.fleetops.device.handler;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the device's handler executable for a step: {@code HANDLER STEP [ARGS…]} as an argument vector (never
 * through a shell, so nothing in a version or path is interpreted), stdin closed, stdout and stderr merged.
 *
 * <p>Environment: only {@code PATH}, {@code HOME}, {@code LANG}, {@code LC_ALL}, {@code TZ}, {@code USER} and
 * the agent's own {@code FLEETOPS_*} variables are passed on (the agent's connection string and key paths are
 * not), plus {@code FLEETOPS_STEP}, {@code FLEETOPS_OPERATION_ID}, {@code FLEETOPS_ATTEMPT},
 * {@code FLEETOPS_VERSION}, {@code FLEETOPS_PREVIOUS_VERSION}, {@code FLEETOPS_FILE} and
 * {@code FLEETOPS_STATE_DIR} (absent when they do not apply).
 *
 * <p>Exit codes: 0 done; {@value #EXIT_BUILT_IN} not done here, the agent does its built-in behaviour; anything
 * else (or being killed) failed. A handler past its step's timeout is asked to stop (SIGTERM to it and its
 * children), then killed after {@link #GRACE}.
 */
public final class ExecHandler implements StepHandler {
    private static final Logger LOG = LoggerFactory.getLogger(ExecHandler.class);
    public static final int EXIT_BUILT_IN = 3;
    static final Duration GRACE = Duration.ofSeconds(5);
    private static final List<String> PASSED_ON = List.of("PATH", "HOME", "LANG", "LC_ALL", "TZ", "USER");

    private final Path executable;
    private final Map<Step, Duration> timeouts;
    private final Map<String, String> inherited;

    /**
     * @param timeouts per step; steps not named get their {@link Step#defaultTimeout()}
     * @param agentEnv the agent's environment, of which only the variables named above are passed on
     */
    public ExecHandler(Path executable, Map<Step, Duration> timeouts, Map<String, String> agentEnv) {
        this.executable = executable.toAbsolutePath();
        this.timeouts = Map.copyOf(timeouts);
        Map<String, String> env = new HashMap<>();
        agentEnv.forEach((k, v) -> {
            if (PASSED_ON.contains(k) || k.startsWith("FLEETOPS_")) {
                env.put(k, v);
            }
        });
        this.inherited = Map.copyOf(env);
    }

    @Override
    public Duration timeout(Step step) {
        return timeouts.getOrDefault(step, step.defaultTimeout());
    }

    @Override
    public StepOutcome run(StepCall call) throws InterruptedException {
        String bad = Values.problem(call);
        if (bad != null) {
            return new StepOutcome.Failed(
                    false, "not calling the " + call.step().wireName() + " handler: " + bad);
        }
        List<String> command = new ArrayList<>();
        command.add(executable.toString());
        command.addAll(call.arguments());
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().clear();
        pb.environment().putAll(inherited);
        pb.environment().putAll(Values.environment(call));
        pb.directory(call.stateDir().toFile());
        String name = call.step().wireName();
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            return new StepOutcome.Failed(
                    false, "cannot run the " + name + " handler " + executable + ": " + e.getMessage());
        }
        LOG.info("{} handler started (pid {}, attempt {})", name, p.pid(), call.attempt());
        try {
            p.getOutputStream().close();
        } catch (IOException ignored) {
            // the handler may already have exited; it gets no input either way
        }
        BoundedOutput output = new BoundedOutput();
        Thread reader = new Thread(() -> pump(p, name, output), "fleetops-handler-output");
        reader.setDaemon(true);
        reader.start();
        Duration limit = timeout(call.step());
        boolean exited;
        try {
            exited = p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            LOG.info("{} handler interrupted (agent stopping); stopping it", name);
            ProcessTree.stop(p, GRACE);
            throw e;
        }
        if (!exited) {
            LOG.warn("{} handler still running after {} s; stopping it", name, limit.toSeconds());
            ProcessTree.stop(p, GRACE);
        }
        reader.join(2_000); // a grandchild that escaped the kill could hold the pipe open; don't wait for it
        if (!exited) {
            return new StepOutcome.Failed(
                    true, withOutput(name + " handler timed out after " + limit.toSeconds() + " s", output));
        }
        int code = p.exitValue();
        LOG.info("{} handler exited with {}", name, code);
        return switch (code) {
            case 0 -> StepOutcome.DONE;
            case EXIT_BUILT_IN -> StepOutcome.BUILT_IN;
            default -> new StepOutcome.Failed(false, withOutput(name + " handler " + exitText(code), output));
        };
    }

    private static String exitText(int code) {
        // The JDK reports a process killed by signal n as 128 + n.
        return code > 128 && code < 128 + 65
                ? "was killed by signal " + (code - 128) + " (exit " + code + ")"
                : "exited with " + code;
    }

    private static String withOutput(String what, BoundedOutput output) {
        String s = output.summary();
        return s.isEmpty() ? what : what + "; output:\n" + s;
    }

    private static void pump(Process p, String step, BoundedOutput output) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                LOG.info("{} handler: {}", step, BoundedOutput.clean(line));
                output.add(line);
            }
        } catch (IOException e) {
            LOG.debug("{} handler output closed: {}", step, e.getMessage());
        }
    }
}
