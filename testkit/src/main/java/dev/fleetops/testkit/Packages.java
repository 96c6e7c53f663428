package dev.fleetops.testkit;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Random;

/** Firmware package contents for tests and the digest an update request names. */
public final class Packages {
    private Packages() {}

    /** The lower-case hex SHA-256 of {@code bytes}, as update requests and manifests carry it. */
    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is mandatory in every JDK", e);
        }
    }

    /** Deterministic pseudo-random contents of {@code n} bytes (the same {@code n} gives the same bytes). */
    public static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        new Random(n).nextBytes(b);
        return b;
    }
}
