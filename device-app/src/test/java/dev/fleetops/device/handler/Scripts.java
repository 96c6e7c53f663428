package dev.fleetops.device.handler;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** Handler scripts for tests: a POSIX sh body written to an executable file. */
public final class Scripts {
    private Scripts() {}

    public static Path write(Path dir, String name, String body) throws IOException {
        Files.createDirectories(dir);
        Path f = dir.resolve(name);
        Files.writeString(f, "#!/bin/sh\n" + body + "\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rwx------"));
        return f;
    }

    /**
     * Whether process {@code pid} has ended within a few seconds. A zombie counts as ended: an orphan is reaped by
     * whatever PID 1 the test runs under, which in a container may never do it.
     */
    public static boolean ends(long pid) throws InterruptedException {
        long deadline = System.nanoTime() + 3_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (!running(pid)) {
                return true;
            }
            Thread.sleep(20);
        }
        return false;
    }

    private static boolean running(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
        } catch (IOException e) {
            return false;
        }
    }

    /** The shipped file-install handler, from the module's {@code handlers/} directory. */
    public static Path fileInstall() {
        return Path.of("handlers/fleetops-file-install.sh").toAbsolutePath();
    }
}
