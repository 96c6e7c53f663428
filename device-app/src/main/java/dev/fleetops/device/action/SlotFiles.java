package dev.fleetops.device.action;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * The contents of the A/B slots: {@code slots/<a|b>/firmware.bin} and {@code slots/<a|b>/version}.
 * Writing a slot is idempotent and crash-safe (temp file, fsync, rename, directory fsync), so an
 * interrupted apply is simply redone.
 */
public final class SlotFiles {
    public static final String DIR = "slots";
    public static final String IMAGE = "firmware.bin";
    public static final String VERSION = "version";

    private SlotFiles() {}

    public static Path slot(Path stateDir, String slot) {
        return stateDir.resolve(DIR).resolve(slot);
    }

    /** Installs {@code staged} as {@code version} into {@code slot}. */
    public static void write(Path stateDir, String slot, Path staged, String version) {
        Path dir = slot(stateDir, slot);
        try {
            Files.createDirectories(dir);
            Path tmpImage = dir.resolve(IMAGE + ".tmp");
            try (InputStream in = Files.newInputStream(staged)) {
                Files.copy(in, tmpImage, StandardCopyOption.REPLACE_EXISTING);
            }
            force(tmpImage);
            Files.move(
                    tmpImage, dir.resolve(IMAGE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            Path tmpVersion = dir.resolve(VERSION + ".tmp");
            Files.writeString(tmpVersion, version, StandardCharsets.UTF_8);
            force(tmpVersion);
            Files.move(
                    tmpVersion,
                    dir.resolve(VERSION),
                    StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
            forceDirectory(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write slot " + slot, e);
        }
    }

    /** The version installed in {@code slot}, or null if it was never written. */
    public static String version(Path stateDir, String slot) {
        Path f = slot(stateDir, slot).resolve(VERSION);
        try {
            return Files.exists(f) ? Files.readString(f, StandardCharsets.UTF_8) : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static void force(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
    }

    private static void forceDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // best effort: not every platform can fsync a directory
        }
    }
}
