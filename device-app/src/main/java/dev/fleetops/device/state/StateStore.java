package dev.fleetops.device.state;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Persists {@link DeviceState} as {@code state.json} in the state directory. A save either fully
 * replaces the previous file or leaves it untouched: the JSON is written to a temp file, forced to disk,
 * atomically renamed over the old file, and the directory entry is forced too. Not thread-safe; callers
 * serialize saves (see {@code LiveState}). The file is its owner's only (0600): it holds the operation in progress,
 * whose firmware package URI may carry a SAS token.
 */
public final class StateStore {
    public static final String FILE_NAME = "state.json";
    private static final Gson GSON =
            new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final Path dir;
    private final Clock clock;

    public StateStore(Path dir, Clock clock) {
        this.dir = dir;
        this.clock = clock;
    }

    public Path directory() {
        return dir;
    }

    /**
     * Reads the state file. An unreadable or malformed file is quarantined as
     * {@code state.json.corrupt-<timestamp>} rather than silently overwritten.
     *
     * @throws UncheckedIOException if the file exists but cannot even be moved aside
     */
    public LoadResult load() {
        Path file = dir.resolve(FILE_NAME);
        if (!Files.exists(file)) {
            return new LoadResult.Missing();
        }
        String reason;
        try {
            DeviceState s = GSON.fromJson(Files.readString(file, StandardCharsets.UTF_8), DeviceState.class);
            if (s != null && s.firmwareVersion() != null) {
                return new LoadResult.Loaded(s);
            }
            reason = "no firmwareVersion in state file";
        } catch (IOException | JsonParseException | IllegalArgumentException | IllegalStateException e) {
            reason = e.getClass().getSimpleName() + ": " + e.getMessage();
        }
        Path quarantine = dir.resolve(FILE_NAME + ".corrupt-" + STAMP.format(clock.instant()));
        try {
            Files.move(file, quarantine, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("state file " + file + " is corrupt and could not be moved aside", e);
        }
        return new LoadResult.Corrupt(quarantine, reason);
    }

    /**
     * Atomically replaces the state file with {@code state}.
     *
     * @throws UncheckedIOException if the state cannot be made durable; the previous file is then intact
     */
    public void save(DeviceState state) {
        Path tmp = dir.resolve(FILE_NAME + ".tmp");
        try {
            Files.createDirectories(dir);
            byte[] bytes = GSON.toJson(state).getBytes(StandardCharsets.UTF_8);
            Files.deleteIfExists(tmp); // a leftover keeps its mode on open; a new one is created 0600
            try (FileChannel ch = openOwnerOnly(tmp)) {
                ByteBuffer buf = ByteBuffer.wrap(bytes);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            Files.move(
                    tmp, dir.resolve(FILE_NAME), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            forceDirectory();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save device state in " + dir, e);
        }
    }

    private static FileChannel openOwnerOnly(Path file) throws IOException {
        java.util.Set<StandardOpenOption> options =
                java.util.EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        try {
            return FileChannel.open(
                    file,
                    options,
                    java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                            java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            return FileChannel.open(file, options); // not a POSIX file system
        }
    }

    // The rename is only durable once the directory entry is on disk; some platforms cannot open a
    // directory for fsync, and there the rename's own guarantees are all we get.
    private void forceDirectory() {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // best effort, see above
        }
    }
}
