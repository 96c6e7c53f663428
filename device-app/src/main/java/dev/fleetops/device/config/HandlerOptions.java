package dev.fleetops.device.config;

import dev.fleetops.device.handler.Step;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;

/** {@code --handler} and {@code --handler-timeout}: checked at start, so a typo stops the device, not an update. */
final class HandlerOptions {
    private HandlerOptions() {}

    /** An existing, executable regular file, made absolute (the agent runs it from its state directory). */
    static Path executable(String value) throws ConfigException {
        Path p = Path.of(value).toAbsolutePath().normalize();
        if (!Files.isRegularFile(p)) {
            throw new ConfigException("--handler " + shown(value) + ": no such file");
        }
        if (!Files.isExecutable(p)) {
            throw new ConfigException("--handler " + shown(value) + ": not executable (chmod +x)");
        }
        return p;
    }

    /** {@code STEP=SECONDS}, 1 to 86400 seconds, into {@code timeouts}. */
    static void timeout(String value, Map<Step, Duration> timeouts) throws ConfigException {
        String[] kv = value.split("=", 2);
        Step step = Step.named(kv[0]).orElse(null);
        if (kv.length != 2 || step == null) {
            throw new ConfigException("--handler-timeout needs STEP=SECONDS with STEP one of "
                    + Arrays.stream(Step.values()).map(Step::wireName).collect(Collectors.joining(", ")));
        }
        try {
            long n = Long.parseLong(kv[1]);
            if (n >= 1 && n <= 86_400) {
                timeouts.put(step, Duration.ofSeconds(n));
                return;
            }
        } catch (NumberFormatException ignored) {
            // falls through to the message below
        }
        throw new ConfigException(
                "--handler-timeout " + step.wireName() + ": seconds must be a whole number from 1" + " to 86400");
    }

    private static String shown(String v) {
        return "'" + (v.length() > 80 ? v.substring(0, 80) + "…" : v) + "'";
    }
}
