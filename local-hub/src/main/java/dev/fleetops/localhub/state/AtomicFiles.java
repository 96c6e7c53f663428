package dev.fleetops.localhub.state;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Replaces a file so that a crash leaves either the old or the new content: write a temporary file,
 * fsync it, rename it over the target, fsync the directory. Also the hub's one place for owner-only modes: state files
 * hold device keys, policy keys and firmware package URIs (which may carry SAS tokens), so they are 0600 in a 0700
 * directory whatever the process's umask.
 */
public final class AtomicFiles {
    private static final java.util.Set<java.nio.file.attribute.PosixFilePermission> OWNER_FILE =
            PosixFilePermissions.fromString("rw-------");
    private static final java.util.Set<java.nio.file.attribute.PosixFilePermission> OWNER_DIR =
            PosixFilePermissions.fromString("rwx------");

    private AtomicFiles() {}

    /** Creates {@code dir} (and missing parents) readable by its owner only; an existing directory is left as it is. */
    public static void ownerOnlyDirectory(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        try {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(OWNER_DIR));
        } catch (UnsupportedOperationException e) {
            Files.createDirectories(dir); // not a POSIX file system
        }
    }

    /**
     * Opens {@code file} for appending writes, creating it 0600; an existing file is made 0600 too (one written by an
     * older version may be wider).
     */
    public static FileChannel openOwnerOnly(Path file) throws IOException {
        FileChannel ch;
        try {
            ch = FileChannel.open(
                    file,
                    java.util.EnumSet.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE),
                    PosixFilePermissions.asFileAttribute(OWNER_FILE));
            Files.setPosixFilePermissions(file, OWNER_FILE);
        } catch (UnsupportedOperationException e) {
            ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        }
        return ch;
    }

    /** @param ownerOnly create the file readable by its owner only (it holds keys) */
    public static void write(Path file, String content, boolean ownerOnly) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        if (ownerOnly) {
            try {
                Files.createFile(
                        tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException e) {
                Files.createFile(tmp);
            }
        }
        try (FileChannel ch = FileChannel.open(
                tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buf = ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8));
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        try (FileChannel dir = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException e) {
            // Some file systems cannot open directories; the rename itself is still atomic.
        }
    }
}
