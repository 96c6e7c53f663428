package dev.fleetops.contract;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;

/**
 * What a firmware signature covers: the version, the package's SHA-256 and its announced size, and (v2) the
 * terms under which a device may install it: the device model it is for, its security version and when the
 * manifest expires. The package URI is deliberately left out: the hash already pins the content, and the
 * same signed package moves between CDNs and SAS URLs without being re-signed. Signatures are detached
 * (carried next to the request as {@code signature}), as Device Update signs its import manifest and Mender
 * its artifacts.
 *
 * <p>The signed bytes are exactly {@link #canonicalBytes()} (documented in docs/contract.md), so any tool in
 * any language can produce them without a JSON canonicalization library.
 *
 * @param sha256    64 lower-case hex characters
 * @param sizeBytes the announced size, or null when the request announces none
 * @param terms     the v2 fields, or null for a v1 manifest (security version 0, any model, no expiry)
 */
public record FirmwareManifest(String version, String sha256, Long sizeBytes, Terms terms) {
    /** First line of the signed text of a v1 manifest (version, sha256, sizeBytes). */
    public static final String HEADER = "fleetops-firmware-manifest-v1";
    /** First line of the signed text of a v2 manifest (v1's fields plus {@link Terms}). */
    public static final String HEADER_V2 = "fleetops-firmware-manifest-v2";

    /**
     * The v2 fields.
     *
     * @param compatibility   the device model / compatibility id the package is built for, or null for any
     * @param securityVersion never lower than that of any earlier release; devices refuse to go below the
     *                        highest one they have installed
     * @param expiresAt       contract timestamp ({@link Timestamps}) after which devices refuse the manifest
     */
    public record Terms(String compatibility, long securityVersion, String expiresAt) {
        public Terms {
            Objects.requireNonNull(expiresAt, "'expiresAt' cannot be null.");
            if (securityVersion < 0) {
                throw new IllegalArgumentException("'securityVersion' must not be negative.");
            }
        }

        /** The expiry as an instant; {@link Instant#MIN} (already expired) if it is not a timestamp. */
        public Instant expiry() {
            return Timestamps.parse(expiresAt).orElse(Instant.MIN);
        }
    }

    public FirmwareManifest {
        Objects.requireNonNull(version, "'version' cannot be null.");
        Objects.requireNonNull(sha256, "'sha256' cannot be null.");
    }

    /** A v1 manifest. */
    public FirmwareManifest(String version, String sha256, Long sizeBytes) {
        this(version, sha256, sizeBytes, null);
    }

    public boolean isV2() {
        return terms != null;
    }

    /** A v1 manifest counts as security version 0. */
    public long securityVersion() {
        return terms == null ? 0 : terms.securityVersion();
    }

    /** The compatibility id, or null (v1, or a v2 manifest for any model). */
    public String compatibility() {
        return terms == null ? null : terms.compatibility();
    }

    /**
     * The bytes that are signed, UTF-8 of (each line ending in {@code \n}): v1 {@code HEADER, "version="
     * version, "sha256=" sha256, "sizeBytes=" (decimal | empty)}; v2 {@code HEADER_V2}, the same three lines,
     * then {@code "compatibility=" (id | empty), "securityVersion=" decimal, "expiresAt=" timestamp}.
     */
    public byte[] canonicalBytes() {
        StringBuilder text = new StringBuilder()
                .append(terms == null ? HEADER : HEADER_V2)
                .append('\n')
                .append("version=")
                .append(version)
                .append('\n')
                .append("sha256=")
                .append(sha256)
                .append('\n')
                .append("sizeBytes=")
                .append(sizeBytes == null ? "" : Long.toString(sizeBytes))
                .append('\n');
        if (terms != null) {
            text.append("compatibility=")
                    .append(terms.compatibility() == null ? "" : terms.compatibility())
                    .append('\n')
                    .append("securityVersion=")
                    .append(terms.securityVersion())
                    .append('\n')
                    .append("expiresAt=")
                    .append(terms.expiresAt())
                    .append('\n');
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
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
