package dev.fleetops.contract;

import com.google.gson.annotations.SerializedName;

/**
 * Values of {@code iothubDM.firmwareUpdate.status}: the tutorial's sequence (waiting, downloading,
 * downloadComplete, applying, applyComplete and the two failures) plus the statuses of the newer
 * firmware tutorial that safe updates need.
 */
public enum FirmwareUpdateStatus implements ActionStatus {
    /** Accepted, not started yet. */
    @SerializedName("waiting")
    WAITING,
    /** Package download in progress. */
    @SerializedName("downloading")
    DOWNLOADING,
    /** Download failed or the package did not match its size or SHA-256; running version untouched. */
    @SerializedName("downloadFailed")
    DOWNLOAD_FAILED,
    /** Package downloaded and verified. */
    @SerializedName("downloadComplete")
    DOWNLOAD_COMPLETE,
    /**
     * Downloaded and verified, waiting for the request's install window to open on the device's clock; the report's
     * {@code installAt} says when. Not a failure and not final: the device installs once the window opens.
     */
    @SerializedName("installScheduled")
    INSTALL_SCHEDULED,
    /** Signature or manifest verification in progress. */
    @SerializedName("verifying")
    VERIFYING,
    /** Signature or manifest verification failed; running version untouched. */
    @SerializedName("verifyFailed")
    VERIFY_FAILED,
    /** Installing the package. */
    @SerializedName("applying")
    APPLYING,
    /** Installing failed; running version untouched. */
    @SerializedName("applyFailed")
    APPLY_FAILED,
    /** Restarting into the new version. */
    @SerializedName("rebooting")
    REBOOTING,
    /** The new version is installed and running. */
    @SerializedName("applyComplete")
    APPLY_COMPLETE,
    /** The requested version was already installed; nothing was done. */
    @SerializedName("current")
    CURRENT,
    /** The new version failed its health check and the previous one was restored. */
    @SerializedName("rolledBack")
    ROLLED_BACK;

    @Override
    public boolean isTerminal() {
        return switch (this) {
            case DOWNLOAD_FAILED, VERIFY_FAILED, APPLY_FAILED, APPLY_COMPLETE, CURRENT, ROLLED_BACK -> true;
            case WAITING, DOWNLOADING, DOWNLOAD_COMPLETE, INSTALL_SCHEDULED, VERIFYING, APPLYING, REBOOTING -> false;
        };
    }

    @Override
    public boolean isFailure() {
        return switch (this) {
            case DOWNLOAD_FAILED, VERIFY_FAILED, APPLY_FAILED, ROLLED_BACK -> true;
            default -> false;
        };
    }

    @Override
    public String wireName() {
        return Wire.nameOf(this);
    }
}
