package dev.fleetops.contract;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * What a firmware signature covers: the version, the package's SHA-256 and its announced size. The
 * package URI is deliberately left out: the hash already pins the content, and the same signed package
 * moves between CDNs and SAS URLs without being re-signed. Signatures are detached (carried next to the
 * request as {@code signature}), as Device Update signs its import manifest and Mender its artifacts.
 *
 * <p>The signed bytes are exactly {@link #canonicalBytes()} (documented in docs/contract.md), so any
 * tool in any language can produce them without a JSON canonicalization library.
 *
 * @param sha256    64 lower-case hex characters
 * @param sizeBytes the announced size, or null when the request announces none
 */
public record FirmwareManifest(String version, String sha256, Long sizeBytes) {
    /** First line of the signed text; changes if the manifest ever gains fields, so old signatures never match. */
    public static final String HEADER = "fleetops-firmware-manifest-v1";

    public FirmwareManifest {
        Objects.requireNonNull(version, "'version' cannot be null.");
        Objects.requireNonNull(sha256, "'sha256' cannot be null.");
    }

    /**
     * The bytes that are signed: UTF-8 of
     * {@code HEADER \n "version=" version \n "sha256=" sha256 \n "sizeBytes=" (decimal | empty) \n}.
     */
    public byte[] canonicalBytes() {
        String text = HEADER + "\n"
                + "version=" + version + "\n"
                + "sha256=" + sha256 + "\n"
                + "sizeBytes=" + (sizeBytes == null ? "" : Long.toString(sizeBytes)) + "\n";
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The id of a signing key: the first 8 bytes of the SHA-256 of its X.509 SubjectPublicKeyInfo (DER),
     * as 16 lower-case hex characters. Derived from the key itself, so a device needs no key-id setting.
     */
    public static String keyId(byte[] subjectPublicKeyInfo) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(subjectPublicKeyInfo);
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
