package dev.fleetops.testkit;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A second JVM running a class from the test's own class path: what a test uses to kill a process with
 * {@code kill -9} or to watch a {@code main} from the outside, without a packaged jar.
 */
public final class ChildJvm {
    private ChildJvm() {}

    /** The java launcher of the running JVM. */
    public static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** {@code java -cp <this class path> main args...}, not started. */
    public static ProcessBuilder of(Class<?> main, String... args) {
        List<String> command =
                new ArrayList<>(List.of(javaBin(), "-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command);
    }
}
