package dev.fleetops.contract;

/**
 * Codes a device puts in {@link ErrorInfo#code()} when an action fails. Back-ends match on these
 * (e.g. to decide whether a retry can help), so they are part of the contract.
 */
public final class DeviceErrorCodes {
    /** The package URI was not https. */
    public static final String INSECURE_URI = "insecureUri";
    /** The package server answered with a non-2xx status. */
    public static final String HTTP_STATUS = "httpStatus";
    /** The package grew past the announced size (or the device's hard cap). */
    public static final String SIZE_EXCEEDED = "sizeExceeded";
    /** The package ended before the announced size. */
    public static final String SIZE_MISMATCH = "sizeMismatch";
    /** The package's SHA-256 differs from the requested one. */
    public static final String SHA256_MISMATCH = "sha256Mismatch";
    /** The download failed at the network level. */
    public static final String DOWNLOAD_ERROR = "downloadError";
    /** The device restarted during a step that cannot be resumed. */
    public static final String INTERRUPTED = "interrupted";
    /** An unexpected error inside the agent ended the operation. */
    public static final String INTERNAL_ERROR = "internalError";

    /** The device has less free space than the announced package size. */
    public static final String INSUFFICIENT_SPACE = "insufficientSpace";
    /**
     * The new version did not reconnect to the hub or failed its self-test in time; it was rolled back. Also sent
     * after {@code applyComplete}, when a check during the device's post-update health watch fails: the update's
     * section then reports {@code rolledBack} with the same operation id (a regression, not a new operation).
     */
    public static final String HEALTH_CHECK_FAILED = "healthCheckFailed";
    /** The new version restarted too often without being confirmed; it was rolled back. */
    public static final String BOOT_LOOP = "bootLoop";
    /** An operator asked for the previous version back ({@code rollback} method). */
    public static final String ROLLBACK_REQUESTED = "rollbackRequested";

    /** The device requires signed updates and the request carries no signature. */
    public static final String SIGNATURE_MISSING = "signatureMissing";
    /** The request names a signing key the device does not trust. */
    public static final String UNKNOWN_SIGNING_KEY = "unknownSigningKey";
    /** The signature does not verify over the manifest with any trusted key (tampered or wrong key). */
    public static final String SIGNATURE_INVALID = "signatureInvalid";

    /** The manifest is for another device model (compatibility id), or names none while the device has one. */
    public static final String MODEL_MISMATCH = "modelMismatch";
    /** The manifest's security version is below the highest one the device has installed. */
    public static final String ROLLBACK_REFUSED = "rollbackRefused";
    /** The manifest's expiry lies in the past by the device's clock. */
    public static final String MANIFEST_EXPIRED = "manifestExpired";
    /**
     * A v1 manifest (no model, security version or expiry) on a device that requires signatures and has a
     * model or has installed a security version above 0.
     */
    public static final String LEGACY_MANIFEST_REFUSED = "legacyManifestRefused";
    /** The package URI's host is not on the device's package-host allowlist. */
    public static final String PACKAGE_HOST_NOT_ALLOWED = "packageHostNotAllowed";

    /** The device's handler for a step (install, reboot, commit, …) failed; the message has its output's ends. */
    public static final String HANDLER_FAILED = "handlerFailed";
    /** The device's handler for a step ran past its timeout and was stopped. */
    public static final String HANDLER_TIMED_OUT = "handlerTimedOut";

    /** A log upload could not be finished (the hub refused file upload, storage refused the upload, …). */
    public static final String LOG_UPLOAD_FAILED = "logUploadFailed";

    private DeviceErrorCodes() {}
}
