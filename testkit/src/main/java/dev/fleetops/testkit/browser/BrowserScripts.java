package dev.fleetops.testkit.browser;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The browser checks' common ground: Debian's Chromium and the npm packages of {@code tools/browser-tests} (installed
 * by {@code scripts/test.sh}), and running one of its Node scripts, which prints what it saw as one JSON object. A
 * missing piece or a failed script is an {@link AssertionError} that says how to fix it, so the test fails, never
 * skips.
 */
public final class BrowserScripts {
    public static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    private BrowserScripts() {}

    /** {@code tools/browser-tests}, once Chromium and the npm package {@code requiredPackage} are there. */
    public static Path tools(String requiredPackage) {
        if (!Files.isExecutable(CHROMIUM)) {
            throw new AssertionError(CHROMIUM + " is missing. CI installs it (.ci/run: apt-get install chromium); "
                    + "locally run `apt-get update && apt-get install -y chromium`.");
        }
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("tools/browser-tests"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new AssertionError(
                    "tools/browser-tests not found above " + Path.of("").toAbsolutePath());
        }
        Path tools = dir.resolve("tools/browser-tests");
        if (!Files.isDirectory(tools.resolve("node_modules").resolve(requiredPackage))) {
            throw new AssertionError(requiredPackage + " is not installed in " + tools
                    + ". scripts/test.sh runs `npm ci` there; locally run `(cd tools/browser-tests && npm ci)`.");
        }
        return tools;
    }

    /** Runs {@code node script args…} in {@code tools} and returns the JSON it printed. */
    public static JsonObject run(Path tools, Duration timeout, String script, String... args)
            throws IOException, InterruptedException {
        Path stdout = Files.createTempFile(script, ".out");
        Path stderr = Files.createTempFile(script, ".err");
        try {
            List<String> command = new ArrayList<>(List.of("node", script));
            command.addAll(List.of(args));
            Process p = new ProcessBuilder(command)
                    .directory(tools.toFile())
                    .redirectOutput(stdout.toFile())
                    .redirectError(stderr.toFile())
                    .start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                throw new AssertionError(script + " did not finish within " + timeout.toSeconds() + " s; stderr: "
                        + Files.readString(stderr));
            }
            String json = Files.readString(stdout);
            if (p.exitValue() != 0) {
                throw new AssertionError(
                        script + " failed (exit " + p.exitValue() + "): " + Files.readString(stderr) + json);
            }
            return JsonParser.parseString(json.trim()).getAsJsonObject();
        } finally {
            Files.deleteIfExists(stdout);
            Files.deleteIfExists(stderr);
        }
    }
}
