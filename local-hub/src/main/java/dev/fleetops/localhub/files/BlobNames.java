package dev.fleetops.localhub.files;

import java.util.Optional;

/**
 * Which blob names a device may ask for. IoT Hub stores an upload as {@code {deviceId}/{blobName}} in the linked
 * container ("Upload files with IoT Hub"), so the name must stay a valid blob name under that prefix (Azure Storage,
 * "Naming and referencing containers, blobs and metadata": at most 1,024 characters, at most 254 path segments), and
 * must not climb out of the device's folder. Stricter than Storage where a name would be ambiguous: no empty,
 * {@code .} or {@code ..} segments, no backslash, no control characters, no trailing dot or slash.
 */
public final class BlobNames {
    static final int MAX_LENGTH = 1024;
    static final int MAX_SEGMENTS = 254;

    private BlobNames() {}

    /** Why {@code blobName} is refused for {@code deviceId}, or empty when it is fine. */
    public static Optional<String> problem(String deviceId, String blobName) {
        if (blobName == null || blobName.isBlank()) {
            return Optional.of("blobName is required");
        }
        String full = deviceId + "/" + blobName;
        if (full.length() > MAX_LENGTH) {
            return Optional.of("blobName is too long: with the device id prefix a blob name has at most " + MAX_LENGTH
                    + " characters");
        }
        for (int i = 0; i < blobName.length(); i++) {
            char c = blobName.charAt(i);
            if (c < 0x20 || c == 0x7f || c == '\\' || Character.isSurrogate(c) && !validSurrogate(blobName, i)) {
                return Optional.of("blobName contains a character a blob name cannot have");
            }
        }
        if (blobName.endsWith(".") || blobName.endsWith("/")) {
            return Optional.of("blobName cannot end with a dot or a slash");
        }
        String[] segments = blobName.split("/", -1);
        if (segments.length + 1 > MAX_SEGMENTS) {
            return Optional.of("blobName has too many path segments (at most " + (MAX_SEGMENTS - 1) + ")");
        }
        for (String s : segments) {
            if (s.isEmpty() || s.equals(".") || s.equals("..")) {
                return Optional.of("blobName cannot have empty, '.' or '..' path segments");
            }
        }
        return Optional.empty();
    }

    private static boolean validSurrogate(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
        }
        return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
    }
}
