package dev.fleetops.device.manifest;

import dev.fleetops.contract.DeviceErrorCodes;
import dev.fleetops.contract.ErrorInfo;
import dev.fleetops.contract.FirmwareManifest;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a device refuses to install even when the signature is good (or not required): firmware for another
 * model, a security version below the highest it has installed (downgrade to a known-vulnerable release), an
 * expired manifest (replay of an old signed request), a v1 manifest once it has a model or a security version,
 * and packages from hosts off its allowlist. Every rule fails closed; all are checked before any download.
 *
 * @param model        the device's compatibility id ({@code --model}), or null when it has none
 * @param packageHosts hosts packages may come from, lower case; empty for any https host
 * @param allowDowngradeTo the one firmware version that may install below the highest security version, or
 *                     null. Only a local operator sets it ({@code --allow-downgrade-to} or the config file),
 *                     never a request: a hub that can send updates must not be able to lift anti-rollback.
 */
public record FirmwarePolicy(String model, Set<String> packageHosts, String allowDowngradeTo) {
    /** No model and any package host; security version and expiry are still enforced. */
    public static final FirmwarePolicy NONE = new FirmwarePolicy(null, Set.of());

    public FirmwarePolicy(String model, Set<String> packageHosts) {
        this(model, packageHosts, null);
    }

    public FirmwarePolicy {
        packageHosts = packageHosts == null
                ? Set.of()
                : packageHosts.stream().map(h -> h.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    }

    /**
     * @param installedSecurityVersion the highest security version the device has installed
     * @param signaturesRequired       whether the device verified a signature over {@code m}
     * @return null when {@code m} may be installed from {@code packageUri}, otherwise why not
     */
    public ErrorInfo problem(
            FirmwareManifest m,
            String packageUri,
            long installedSecurityVersion,
            Instant now,
            boolean signaturesRequired) {
        if (!m.isV2() && signaturesRequired && (model != null || installedSecurityVersion > 0)) {
            return new ErrorInfo(
                    DeviceErrorCodes.LEGACY_MANIFEST_REFUSED,
                    "a v1 manifest (no model, security version or expiry) is only accepted by a device without a"
                            + " model that has never installed a security version above 0; this one "
                            + (model != null
                                    ? "is model " + model
                                    : "has installed security version " + installedSecurityVersion)
                            + "; sign a v2 manifest (manifest sign --security-version …)");
        }
        if (model != null && !model.equals(m.compatibility())) {
            return new ErrorInfo(
                    DeviceErrorCodes.MODEL_MISMATCH,
                    "the manifest is for "
                            + (m.compatibility() == null ? "no particular model" : "model " + m.compatibility())
                            + "; this device is model " + model);
        }
        if (m.isV2() && !now.isBefore(m.terms().expiry())) {
            return new ErrorInfo(
                    DeviceErrorCodes.MANIFEST_EXPIRED,
                    "the manifest expired at " + m.terms().expiresAt() + " (device clock " + now + ")");
        }
        if (m.securityVersion() < installedSecurityVersion && !overridden(m, installedSecurityVersion)) {
            return new ErrorInfo(
                    DeviceErrorCodes.ROLLBACK_REFUSED,
                    "version " + m.version() + " has security version " + m.securityVersion() + ", below the "
                            + installedSecurityVersion + " this device has installed (only an operator on the"
                            + " device can allow it: --allow-downgrade-to " + m.version() + ")");
        }
        if (!packageHosts.isEmpty()) {
            String host = host(packageUri);
            if (host == null || !packageHosts.contains(host)) {
                return new ErrorInfo(
                        DeviceErrorCodes.PACKAGE_HOST_NOT_ALLOWED,
                        "package host " + (host == null ? "(none)" : host)
                                + " is not one this device downloads from (--package-hosts)");
            }
        }
        return null;
    }

    /**
     * Whether {@code m} installs only because of the operator's {@link #allowDowngradeTo}: it is below the
     * installed security version and names exactly that version. The caller audits such an install.
     */
    public boolean overridden(FirmwareManifest m, long installedSecurityVersion) {
        return m.securityVersion() < installedSecurityVersion && m.version().equals(allowDowngradeTo);
    }

    private static String host(String uri) {
        try {
            String h = new URI(uri).getHost();
            return h == null ? null : h.toLowerCase(Locale.ROOT);
        } catch (URISyntaxException | RuntimeException e) {
            return null;
        }
    }
}
