package dev.fleetops.runner;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleetops.testkit.ChildJvm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The shipped runner jar, started as a developer starts it: {@code java -jar local-runner.jar --app ... --settings ...}. */
final class ShippedRunner {
    static final Path JAR = Path.of(System.getProperty("local.runner.jar", "target/local-runner.jar"));

    private ShippedRunner() {}

    /**
     * Writes {@code dir/local.settings.json} for the {@link StagedApp}: a dummy hub, development storage and timers
     * that never fire, then {@code moreValues} inside {@code Values} and {@code moreSections} after it (each empty or
     * starting with a comma).
     */
    static Path settings(Path dir, String moreValues, String moreSections) throws IOException {
        return Files.writeString(dir.resolve("local.settings.json"), """
                {"IsEncrypted":false,"Values":{"IOTHUB_CONNECTION_STRING":"%s","AzureWebJobsStorage":"UseDevelopmentStorage=true",
                 "PROGRESS_SCHEDULE":"%s","ROLLOUT_SCHEDULE":"%s","ROLLOUT_DISPATCH_QUEUE":"%s"%s}%s}""".formatted(
                        StagedApp.DUMMY_IOTHUB,
                        StagedApp.YEARLY,
                        StagedApp.YEARLY,
                        StagedApp.DISPATCH_QUEUE,
                        moreValues,
                        moreSections));
    }

    /**
     * The runner on the staged app with {@code settings} and {@code args}, output and errors merged, without the
     * {@code unset} variables this JVM's environment may hold (so only the settings file sets them).
     */
    static ProcessBuilder command(Path settings, List<String> unset, String... args) {
        assertTrue(Files.isRegularFile(JAR), "run `mvn -f local-runner/pom.xml package` first: " + JAR);
        List<String> command = new ArrayList<>(List.of(
                ChildJvm.javaBin(),
                "-jar",
                JAR.toString(),
                "--app",
                StagedApp.dir().toString(),
                "--settings",
                settings.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().keySet().removeAll(unset);
        return builder;
    }
}
