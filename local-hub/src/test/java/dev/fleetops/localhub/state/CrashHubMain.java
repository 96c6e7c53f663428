package dev.fleetops.localhub.state;

import dev.fleetops.localhub.LocalHub;
import dev.fleetops.testkit.Delays;
import java.nio.file.Path;

/** Runs a {@link LocalHub} on ephemeral ports in a child JVM for the kill -9 test; prints {@code HTTPS <port>}. */
public final class CrashHubMain {
    private CrashHubMain() {}

    public static void main(String[] args) throws Exception {
        LocalHub hub = LocalHub.builder()
                .stateDir(Path.of(args[0]))
                .mqttPort(0)
                .httpsPort(0)
                .devices(Integer.parseInt(args[1]))
                .start();
        System.out.println("HTTPS " + hub.httpsPort());
        System.out.flush();
        Delays.untilKilled();
    }
}
