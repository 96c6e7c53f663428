package dev.fleetops.device.action;

import dev.fleetops.contract.ErrorInfo;
import java.nio.file.Path;

/** The result of fetching a firmware package. */
public sealed interface DownloadOutcome {

    /** The package is at {@code file}, its size and SHA-256 verified. */
    record Verified(Path file, long bytes) implements DownloadOutcome {}

    /** Nothing usable was kept; {@code error.code()} is one of the {@code Downloader} codes. */
    record Failed(ErrorInfo error) implements DownloadOutcome {}

    /**
     * The thread was interrupted (the device is shutting down): the partial file is kept so the download
     * resumes after the next start.
     */
    record Paused(long bytes) implements DownloadOutcome {}
}
