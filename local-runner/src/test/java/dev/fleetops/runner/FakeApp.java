package dev.fleetops.runner;

import dev.fleetops.runner.fake.FakeHttpFunctions;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes a staging directory whose function.json files point at classes in target/test-classes. */
public final class FakeApp {
    private final Path dir;

    public FakeApp(Path dir) {
        this.dir = dir;
    }

    public Path dir() {
        return dir;
    }

    public FakeApp http(String name, String entryPoint, String route, String methodsJson, String authLevel) throws IOException {
        return function(name, entryPoint, """
                {"type":"httpTrigger","direction":"in","name":"req","route":"%s","methods":%s,"authLevel":"%s"},
                {"type":"http","direction":"out","name":"$return"}""".formatted(route, methodsJson, authLevel));
    }

    public FakeApp timer(String name, String entryPoint, String schedule) throws IOException {
        return function(name, entryPoint, """
                {"type":"timerTrigger","direction":"in","name":"timer","schedule":"%s"}""".formatted(schedule));
    }

    /** A function.json with the given bindings; scriptFile is the test classes directory. */
    public FakeApp function(String name, String entryPoint, String bindings) throws IOException {
        Path fnDir = Files.createDirectories(dir.resolve(name));
        Files.writeString(fnDir.resolve("function.json"), """
                {"scriptFile":"%s","entryPoint":"%s","bindings":[%s]}"""
                .formatted(testClasses().toString().replace("\\", "\\\\"), entryPoint, bindings));
        return this;
    }

    static Path testClasses() {
        try {
            return Path.of(FakeHttpFunctions.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
