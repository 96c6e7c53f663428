package dev.fleetops.bench.hub;

import dev.fleetops.bench.wire.WireDevice;
import dev.fleetops.bench.wire.WireFleet;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/** Phase 1: ramp wire devices up to every registered device, or as far as the hub (or the machine) lets them. */
final class ConnectionPhase {

    /**
     * @param connected devices connected and subscribed when every first attempt had its outcome
     * @param failed    attempts that failed (the ramp goes on past them: "until failure" means where they start)
     * @param seconds   from the first attempt to the last outcome
     */
    record Result(int attempted, int connected, int failed, String lastFailure, double seconds) {
        double connectsPerSecond() {
            return connected / seconds;
        }

        String line() {
            return String.format(
                    Locale.ROOT,
                    "connections: %,d of %,d held, %,d failed, in %.1f s = %,.0f connects/s (TLS + CONNECT + SUBSCRIBE)%s",
                    connected,
                    attempted,
                    failed,
                    seconds,
                    connectsPerSecond(),
                    lastFailure == null ? "" : "; last failure: " + lastFailure);
        }
    }

    private ConnectionPhase() {}

    /** Connects {@code devices} (the fleet stays open for the next phases) and reports progress every 5 s. */
    static Result run(WireFleet fleet, List<WireDevice.Credentials> devices, PrintStream out)
            throws InterruptedException {
        long start = System.nanoTime();
        Duration limit = Duration.ofSeconds(Math.max(120, devices.size() / 20));
        while (!fleet.awaitSettled(Duration.ofSeconds(5))) {
            double elapsed = (System.nanoTime() - start) / 1e9;
            out.printf(
                    Locale.ROOT,
                    "  ... %,d connected, %,d failed after %.0f s%n",
                    fleet.connected(),
                    fleet.failures(),
                    elapsed);
            if (elapsed > limit.toSeconds()) {
                break;
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Result(devices.size(), fleet.connected(), fleet.failures(), fleet.lastFailure(), seconds);
    }
}
