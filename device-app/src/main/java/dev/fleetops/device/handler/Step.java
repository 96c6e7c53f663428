package dev.fleetops.device.handler;

import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;

/**
 * The steps a handler is called for, by the name it sees as its first argument. The default timeouts are
 * generous because a real install writes a whole partition; a step that takes longer is a hung handler.
 */
public enum Step {
    DOWNLOAD_VERIFIED("download-verified", Duration.ofMinutes(5)),
    INSTALL("install", Duration.ofMinutes(30)),
    REBOOT("reboot", Duration.ofMinutes(5)),
    HEALTH_CHECK("health-check", Duration.ofMinutes(5)),
    COMMIT("commit", Duration.ofMinutes(1)),
    ROLLBACK("rollback", Duration.ofMinutes(10)),
    FACTORY_RESET("factory-reset", Duration.ofMinutes(10));

    private final String wireName;
    private final Duration defaultTimeout;

    Step(String wireName, Duration defaultTimeout) {
        this.wireName = wireName;
        this.defaultTimeout = defaultTimeout;
    }

    public String wireName() {
        return wireName;
    }

    public Duration defaultTimeout() {
        return defaultTimeout;
    }

    public static Optional<Step> named(String name) {
        return Arrays.stream(values()).filter(s -> s.wireName.equals(name)).findFirst();
    }
}
