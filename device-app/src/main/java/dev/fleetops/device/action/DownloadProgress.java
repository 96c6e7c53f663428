package dev.fleetops.device.action;

/** Receives download progress; the downloader makes the bytes durable before {@link #reached} is called. */
public interface DownloadProgress {
    DownloadProgress NONE = new DownloadProgress() {
        @Override
        public boolean due(long bytes, Long total) {
            return false;
        }

        @Override
        public void reached(long bytes, Long total) {}
    };

    /** Whether a report is due now that {@code bytes} of {@code total} (null if unknown) arrived. */
    boolean due(long bytes, Long total);

    /** {@code bytes} are on disk; report them. */
    void reached(long bytes, Long total);

    /**
     * Whether the device is stopping and the download must pause. Checked after every chunk: the JDK 17
     * HTTP client swallows interrupts during blocking reads, so the interrupt flag alone is not enough.
     */
    default boolean stopped() {
        return Thread.currentThread().isInterrupted();
    }
}
