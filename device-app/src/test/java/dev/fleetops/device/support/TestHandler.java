package dev.fleetops.device.support;

import dev.fleetops.device.handler.ExecHandler;
import dev.fleetops.device.handler.Scripts;
import dev.fleetops.device.handler.Step;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A device handler for tests: the shipped file-install handler behind a script that logs every call
 * ({@code STEP attempt=N version=V}) and misbehaves on request: a flag file named after a step makes it fail
 * ({@code fail-install}), hang ({@code hang-health-check}, pid in {@code health-check.pid}) or, for the reboot,
 * exit 0 as a real reboot handler does ({@code real-reboot}).
 */
public final class TestHandler {
    public final Path dir;
    public final Path script;
    public final Path installDir;

    public TestHandler(Path dir) throws IOException {
        this.dir = dir;
        this.installDir = dir.resolve("install");
        this.script = Scripts.write(
                dir,
                "handler.sh",
                body(dir, Path.of("handlers/fleetops-file-install.sh").toAbsolutePath()));
    }

    static String body(Path dir, Path fileInstall) {
        return "d='" + dir + "'\n"
                + "echo \"$1 attempt=$FLEETOPS_ATTEMPT version=${FLEETOPS_VERSION:-}\" >> \"$d/calls\"\n"
                + "if [ -e \"$d/fail-$1\" ]; then echo \"$1 says: $(cat \"$d/fail-$1\")\" >&2; exit 1; fi\n"
                + "if [ -e \"$d/hang-$1\" ]; then echo \"$1 hangs\"; echo $$ > \"$d/$1.pid\"; exec sleep 300; fi\n"
                + "if [ \"$1\" = reboot ] && [ -e \"$d/real-reboot\" ]; then exit 0; fi\n"
                + "exec '" + fileInstall + "' \"$@\"\n";
    }

    public ExecHandler handler(Map<Step, Duration> timeouts) {
        return new ExecHandler(
                script, timeouts, Map.of("PATH", System.getenv("PATH"), "FLEETOPS_INSTALL_DIR", installDir.toString()));
    }

    public ExecHandler handler() {
        return handler(Map.of());
    }

    /** Sets a flag file: {@code fail-install} (its content is the failure message), {@code hang-commit}, … */
    public TestHandler flag(String name, String content) throws IOException {
        Files.writeString(dir.resolve(name), content);
        return this;
    }

    public TestHandler unflag(String name) throws IOException {
        Files.deleteIfExists(dir.resolve(name));
        return this;
    }

    public List<String> calls() throws IOException {
        Path f = dir.resolve("calls");
        return Files.exists(f) ? Files.readAllLines(f) : List.of();
    }

    /** The version in the slot {@code link} (current, confirmed) points at, or null. */
    public String version(String link) throws IOException {
        Path f = installDir.resolve(link).resolve("version");
        return Files.exists(f) ? Files.readString(f).trim() : null;
    }

    /** Waits until the hanging {@code step} has started and returns its pid. */
    public long awaitHanging(String step) throws Exception {
        Path pid = dir.resolve(step + ".pid");
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(pid) && !Files.readString(pid).isBlank()) {
                return Long.parseLong(Files.readString(pid).trim());
            }
            Thread.sleep(20);
        }
        throw new AssertionError(step + " never started; calls: " + calls());
    }

    public static boolean alive(long pid) throws InterruptedException {
        return !Scripts.ends(pid);
    }
}
