package dev.fleetops.device.log;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * The agent's own bounded log on disk, so a {@code uploadLogs} request has something to send whatever collects stdout
 * (the journal on a systemd device, nothing in a container): {@code agent.log}, rolled to {@code agent.log.1} when it
 * passes {@link #DEFAULT_FILE_BYTES}, so at most twice that is ever kept. Files are created owner-only, like the rest
 * of the state directory. One per JVM: the fleet simulator's devices do not get one (their lines go to stderr only).
 */
public final class LogFile {
    /** 1 MiB per file: about a day of a device's routine lines, two days kept. */
    public static final long DEFAULT_FILE_BYTES = 1024L * 1024;

    public static final String NAME = "agent.log";
    public static final String ROLLED = "agent.log.1";

    private static volatile LogFile installed;

    private final Path dir;
    private final long maxBytes;
    private OutputStream out;
    private long size;
    private boolean broken;

    private LogFile(Path dir, long maxBytes) {
        this.dir = dir;
        this.maxBytes = maxBytes;
    }

    /** Starts teeing every log line into {@code dir/agent.log}; replaces a log file installed before. */
    public static synchronized LogFile install(Path dir, long maxBytesPerFile) throws IOException {
        Files.createDirectories(dir);
        LogFile f = new LogFile(dir, maxBytesPerFile);
        f.open();
        LogFile before = installed;
        installed = f;
        if (before != null) {
            before.close();
        }
        return f;
    }

    /** The installed log file, or null. */
    public static LogFile installed() {
        return installed;
    }

    /** Stops writing to the installed file (tests). */
    public static synchronized void uninstall() {
        LogFile f = installed;
        installed = null;
        if (f != null) {
            f.close();
        }
    }

    /** The files to read, oldest first (those that exist). */
    public List<Path> files() {
        List<Path> out = new ArrayList<>();
        for (String n : new String[] {ROLLED, NAME}) {
            Path p = dir.resolve(n);
            if (Files.isRegularFile(p)) {
                out.add(p);
            }
        }
        return out;
    }

    public Path dir() {
        return dir;
    }

    /** Everything written so far reaches the file (the upload reads it right after). */
    public synchronized void flush() {
        try {
            if (out != null) {
                out.flush();
            }
        } catch (IOException e) {
            broken = true;
        }
    }

    static void writeIfInstalled(String text) {
        LogFile f = installed;
        if (f != null) {
            f.write(text);
        }
    }

    synchronized void write(String text) {
        if (broken || out == null) {
            return; // a full disk must not stop the agent; stderr still has the line
        }
        byte[] b = (text + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            if (size + b.length > maxBytes && size > 0) {
                roll();
            }
            out.write(b);
            size += b.length;
        } catch (IOException e) {
            broken = true;
        }
    }

    private void open() throws IOException {
        Path p = dir.resolve(NAME);
        if (!Files.exists(p)) {
            try {
                Files.createFile(p, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException e) {
                Files.createFile(p);
            }
        }
        size = Files.size(p);
        out = new java.io.BufferedOutputStream(
                Files.newOutputStream(p, StandardOpenOption.APPEND, StandardOpenOption.WRITE), 8192);
    }

    private void roll() throws IOException {
        out.close();
        Files.move(dir.resolve(NAME), dir.resolve(ROLLED), StandardCopyOption.REPLACE_EXISTING);
        open();
    }

    private synchronized void close() {
        try {
            if (out != null) {
                out.close();
            }
        } catch (IOException e) {
            // nothing left to do
        }
        out = null;
    }
}
