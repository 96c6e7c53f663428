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
 * a directory created 0700, never in the runner's output (which scripts redirect into log files others may read). The
 * next run with the same state directory reads it back ({@link #read}), so a restart keeps the key.
 */
final class KeyFile {
    static final String NAME = "function-key";

    private KeyFile() {}

    static Path path(Path stateDir) {
        return stateDir.resolve(NAME);
    }

    /**
     * The key an earlier run kept, if any: the file's first line, stripped. A file others could read is narrowed to
     * 0600 first (it may predate the runner's umask); an empty or unreadable file counts as none.
     */
    static java.util.Optional<String> read(Path stateDir) {
        Path file = path(stateDir);
        try {
            if (!Files.isRegularFile(file)) {
                return java.util.Optional.empty();
            }
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            String key = Files.readString(file, StandardCharsets.UTF_8).strip();
            int eol = key.indexOf('\n');
            key = (eol < 0 ? key : key.substring(0, eol)).strip();
            return key.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(key);
        } catch (IOException | UnsupportedOperationException e) {
            return java.util.Optional.empty();
        }
    }

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
