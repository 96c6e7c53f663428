package dev.fleetops.device.action;

import com.google.gson.JsonObject;
import dev.fleetops.device.state.DeviceState;
import dev.fleetops.device.state.LiveState;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * What the actions need from the running device. {@link #commit} is the one way an action moves
 * forward: persist the step, then report it.
 *
 * @param defaultRebootDelay how long a simulated reboot stays down when the request names no delay
 * @param factoryVersion     firmware version of a factory-fresh device
 * @param updates            health check, boot-loop limit and step hook of firmware updates
 * @param stopping           set when the agent shuts down; long-running steps pause at the next chance
 * @param lastReported       the reported twin as last read, or null before the first read since start-up
 */
public record ActionContext(
        LiveState live,
        Reporter reporter,
        Clock clock,
        Power power,
        Sleeper sleeper,
        Downloader downloader,
        Duration defaultRebootDelay,
        String factoryVersion,
        UpdateSettings updates,
        java.util.concurrent.atomic.AtomicBoolean stopping,
        java.util.function.Supplier<JsonObject> lastReported) {

    /** Persists {@code change}, then reports the patch computed from the saved state. */
    public DeviceState commit(UnaryOperator<DeviceState> change, Function<DeviceState, JsonObject> patch) {
        DeviceState saved = live.update(change);
        JsonObject p = patch.apply(saved);
        if (p != null) {
            reporter.send(p);
        }
        return saved;
    }

    /** Marks a step boundary for {@link UpdateSettings#steps()}. */
    public void reached(String step) {
        updates.steps().reached(step);
    }

    public String now() {
        return Times.now(clock);
    }

    public Path stateDir() {
        return live.store().directory();
    }
}
