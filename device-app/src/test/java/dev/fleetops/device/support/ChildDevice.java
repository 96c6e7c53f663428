package dev.fleetops.device.support;

import dev.fleetops.device.action.Downloader;
import dev.fleetops.device.action.UpdateSettings;
import dev.fleetops.device.transport.TlsContexts;
import dev.fleetops.testkit.Delays;
import java.nio.file.Path;

/**
 * A device agent in its own JVM for kill -9 tests: starts on {@code args[0]}, runs a firmware update of
 * {@code args[2]} (sha {@code args[3]}, size {@code args[4]}) trusting CA {@code args[1]}, printing
 * {@code STEP <name>} at every step boundary and stopping at step {@code args[5]} until the parent kills it; with
 * {@code args[6]}, the steps are done by the {@link TestHandler} in that directory.
 */
public final class ChildDevice {
    private ChildDevice() {}

    public static void main(String[] args) throws Exception {
        AgentHarness h = new AgentHarness(Path.of(args[0]))
                .http(Downloader.httpClient(TlsContexts.trustingDefaultsPlus(Path.of(args[1]))));
        String killedAt = args[5];
        UpdateSettings updates = args.length > 6
                ? UpdateSettings.defaults().withHandler(new TestHandler(Path.of(args[6])).handler())
                : UpdateSettings.defaults();
        h.updates(updates.withSteps(step -> {
            System.out.println("STEP " + step);
            System.out.flush();
            if (step.equals(killedAt)) {
                try {
                    Delays.untilKilled();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }));
        h.start();
        h.call(
                "firmwareUpdate",
                "{\"operationId\":\"fw-k\",\"version\":\"2.0.0\",\"packageUri\":\"" + args[2] + "\",\"sha256\":\""
                        + args[3] + "\",\"sizeBytes\":" + args[4] + "}");
        h.idle();
        System.out.println("DONE");
        System.out.flush();
        Delays.untilKilled();
    }
}
