package dev.fleetops.runner;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Where a generated function key is kept for the one who started the runner: {@code <state dir>/function-key}, 0600 in
 * a directory created 0700, never in the runner's output (which scripts redirect into log files others may read).
 */
final class KeyFile {
    static final String NAME = "function-key";

    private KeyFile() {}

    /** Writes {@code key} (replacing a previous run's), readable by its owner only; returns the file. */
    static Path write(Path stateDir, String key) {
        Path file = stateDir.resolve(NAME);
        try {
            if (!Files.isDirectory(stateDir)) {
                Files.createDirectories(
                        stateDir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            Path temp = Files.createTempFile(
                    stateDir,
                    ".function-key",
                    ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try {
                Files.writeString(temp, key + "\n", StandardCharsets.UTF_8);
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(temp);
            }
            return file;
        } catch (IOException | UnsupportedOperationException e) {
            throw new UncheckedIOException(
                    "cannot keep the generated function key in " + file + ": " + e.getMessage(),
                    e instanceof IOException io ? io : new IOException(e));
        }
    }
}
