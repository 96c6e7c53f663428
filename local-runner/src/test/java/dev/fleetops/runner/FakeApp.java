package dev.fleetops.runner;

import dev.fleetops.runner.fake.FakeHttpFunctions;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * Writes a staging directory whose function.json files point at classes in target/test-classes, or at an
 * app jar made from some of them ({@link #jar}), with a {@code lib/} beside it ({@link #lib}).
 */
public final class FakeApp {
    private final Path dir;
    private Path scriptFile = testClasses();

    public FakeApp(Path dir) {
        this.dir = dir;
    }

    public Path dir() {
        return dir;
    }

    public FakeApp http(String name, String entryPoint, String route, String methodsJson, String authLevel)
            throws IOException {
        return function(name, entryPoint, """
                {"type":"httpTrigger","direction":"in","name":"req","route":"%s","methods":%s,"authLevel":"%s"},
                {"type":"http","direction":"out","name":"$return"}""".formatted(route, methodsJson, authLevel));
    }

    public FakeApp timer(String name, String entryPoint, String schedule) throws IOException {
        return function(name, entryPoint, """
                {"type":"timerTrigger","direction":"in","name":"timer","schedule":"%s"}""".formatted(schedule));
    }

    public FakeApp queue(String name, String entryPoint, String queueName) throws IOException {
        return function(name, entryPoint, """
                {"type":"queueTrigger","direction":"in","name":"message","queueName":"%s","connection":"AzureWebJobsStorage"}""".formatted(queueName));
    }

    /** Writes host.json. */
    public FakeApp hostJson(String json) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("host.json"), json);
        return this;
    }

    /** A function.json with the given bindings; scriptFile is the test classes directory or the jar of {@link #jar}. */
    public FakeApp function(String name, String entryPoint, String bindings) throws IOException {
        Path fnDir = Files.createDirectories(dir.resolve(name));
        Files.writeString(fnDir.resolve("function.json"), """
                {"scriptFile":"%s","entryPoint":"%s","bindings":[%s]}""".formatted(
                        scriptFile.toString().replace("\\", "\\\\"), entryPoint, bindings));
        return this;
    }

    /** From now on, functions run from {@code <dir>/<name>}, a jar of the test classes under these packages. */
    public FakeApp jar(String name, String... packages) throws IOException {
        scriptFile = dir.resolve(name);
        writeJar(scriptFile, testClasses(), List.of(packages));
        return this;
    }

    /** Copies a jar into {@code <dir>/lib/}, where the worker looks for the app's dependencies. */
    public FakeApp lib(Path jar, String fileName) throws IOException {
        Files.copy(jar, Files.createDirectories(dir.resolve("lib")).resolve(fileName));
        return this;
    }

    /** Writes a jar of the classes under {@code packages} (as dev/fleetops/...) of a class directory. */
    static void writeJar(Path jar, Path classes, List<String> packages) throws IOException {
        Files.createDirectories(jar.getParent());
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
                Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String entry = classes.relativize(f).toString().replace('\\', '/');
                if (packages.stream().anyMatch(p -> entry.startsWith(p.replace('.', '/') + "/"))) {
                    out.putNextEntry(new JarEntry(entry));
                    Files.copy(f, out);
                    out.closeEntry();
                }
            }
        }
    }

    static Path testClasses() {
        try {
            return Path.of(FakeHttpFunctions.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
