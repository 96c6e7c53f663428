package dev.fleetops.device.manifest;

import dev.fleetops.contract.DeviceErrorCodes;
import dev.fleetops.contract.ErrorInfo;
import dev.fleetops.contract.FirmwareManifest;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Checks detached firmware-manifest signatures against the keys the device trusts. Without keys
 * ({@link #ALLOW_UNSIGNED}, only on an explicit {@code --allow-unsigned}) signatures are not required (and
 * not checked): the SHA-256 in the request is then all that binds the package, so whoever can call the
 * device's methods or write its desired twin chooses its firmware. Immutable and thread-safe: one verifier
 * can serve a whole simulated fleet.
 */
public final class ManifestVerifier {
    /** Unsigned firmware allowed: every manifest passes the signature check (tests, {@code --allow-unsigned}). */
    public static final ManifestVerifier ALLOW_UNSIGNED = new ManifestVerifier(List.of());

    private final List<TrustedKey> keys;

    /**
     * The verifier for {@code --signing-key} files ({@link #ALLOW_UNSIGNED} for none).
     *
     * @throws IllegalArgumentException naming the file that cannot be read or holds no usable key
     */
    public static ManifestVerifier trusting(List<Path> keyFiles) {
        List<TrustedKey> keys = new ArrayList<>();
        for (Path f : keyFiles) {
            keys.add(TrustedKey.read(f));
        }
        return keys.isEmpty() ? ALLOW_UNSIGNED : new ManifestVerifier(keys);
    }

    public ManifestVerifier(List<TrustedKey> keys) {
        this.keys = List.copyOf(keys);
    }

    /** Whether requests must carry a signature from one of the trusted keys. */
    public boolean required() {
        return !keys.isEmpty();
    }

    public List<TrustedKey> keys() {
        return keys;
    }

    /**
     * @param signature base64 signature from the request, or null
     * @param keyId     the key the request names, or null to try every trusted key
     * @return null when the manifest may be installed, otherwise why not (a {@code verifyFailed} error)
     */
    public ErrorInfo problem(FirmwareManifest manifest, String signature, String keyId) {
        if (!required()) {
            return null;
        }
        if (signature == null) {
            return new ErrorInfo(
                    DeviceErrorCodes.SIGNATURE_MISSING,
                    "this device only installs signed firmware and the request carries no signature");
        }
        byte[] sig;
        try {
            sig = Base64.getDecoder().decode(signature);
        } catch (IllegalArgumentException e) {
            return new ErrorInfo(DeviceErrorCodes.SIGNATURE_INVALID, "signature is not base64");
        }
        List<TrustedKey> candidates = keyId == null
                ? keys
                : keys.stream().filter(k -> k.id().equals(keyId)).toList();
        if (candidates.isEmpty()) {
            return new ErrorInfo(
                    DeviceErrorCodes.UNKNOWN_SIGNING_KEY, "signing key " + keyId + " is not trusted by this device");
        }
        byte[] signed = manifest.canonicalBytes();
        for (TrustedKey k : candidates) {
            if (verifies(k, signed, sig)) {
                return null;
            }
        }
        return new ErrorInfo(
                DeviceErrorCodes.SIGNATURE_INVALID,
                "signature does not match the " + (manifest.isV2() ? "v2" : "v1") + " manifest of version "
                        + manifest.version() + " under "
                        + (keyId == null ? "any trusted key" : "key " + keyId));
    }

    private static boolean verifies(TrustedKey k, byte[] signed, byte[] sig) {
        try {
            Signature v = Signature.getInstance(k.algorithm().signatureAlgorithm());
            v.initVerify(k.key());
            v.update(signed);
            return v.verify(sig);
        } catch (GeneralSecurityException | RuntimeException e) {
            // A malformed DER signature or a wrong length is a bad signature, not an agent failure.
            return false;
        }
    }
}
