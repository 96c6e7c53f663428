package dev.fleetops.runner;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** The real packaged FleetOps app the integration tests run against. */
final class StagedApp {
    static final String DUMMY_IOTHUB = "HostName=h.example;SharedAccessKeyName=service;SharedAccessKey=a2V5";
    /** Never fires during a test: midnight on 1 January. */
    static final String YEARLY = "0 0 0 1 1 *";
    /** The app's queue-triggered DispatchWorker names its queue by a setting, which the runner (like the host) needs. */
    static final String DISPATCH_QUEUE = "fleetops-dispatch";

    private StagedApp() {}

    static Path dir() {
        Path dir = Path.of(
                System.getProperty("fleetops.functions.staging", "../functions/target/azure-functions/fleetops"));
        assertTrue(
                Files.isRegularFile(dir.resolve("Reboot/function.json")),
                "No packaged FleetOps app at " + dir.toAbsolutePath()
                        + ": run `mvn -B -o -q install -DskipTests -pl contract,core,functions` (or `mvn package` in functions/) first");
        return dir.toAbsolutePath().normalize();
    }
}
