package dev.fleetops.runner.stack.firmware;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The local stack's stand-in firmware image for a version: bytes derived from the version string alone (SHA-256 in
 * counter mode over {@code "fleetops-firmware:" + version + ":" + block}), so the same version has the same bytes and
 * the same SHA-256 in every run, on every machine. Links, requests and signed manifests written down for one run stay
 * valid in the next.
 */
public final class FirmwarePackage {
    public static final int DEFAULT_SIZE = 256 * 1024;

    private FirmwarePackage() {}

    public static byte[] bytes(String version, int size) {
        if (version == null || version.isBlank()) {
            throw new IllegalArgumentException("'version' is required");
        }
        if (size < 1 || size > 64 * 1024 * 1024) {
            throw new IllegalArgumentException("'size' must be 1 byte to 64 MiB, was " + size);
        }
        MessageDigest sha = sha256();
        byte[] out = new byte[size];
        for (int block = 0, at = 0; at < size; block++, at += 32) {
            byte[] h = sha.digest(("fleetops-firmware:" + version + ":" + block).getBytes(StandardCharsets.UTF_8));
            System.arraycopy(h, 0, out, at, Math.min(32, size - at));
        }
        return out;
    }

    /** Writes the package for {@code version} to {@code file}; returns its SHA-256 in hex. */
    public static String write(String version, int size, Path file) throws IOException {
        byte[] b = bytes(version, size);
        Files.write(file, b);
        return sha256Hex(b);
    }

    public static String sha256Hex(byte[] b) {
        return HexFormat.of().formatHex(sha256().digest(b));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
