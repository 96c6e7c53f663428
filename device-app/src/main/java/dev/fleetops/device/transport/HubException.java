package dev.fleetops.device.transport;

/** A hub operation failed; {@link #retryable()} says whether trying again later can help. */
public final class HubException extends Exception {
    private static final long serialVersionUID = 1L;
    private final boolean retryable;

    public HubException(String message, boolean retryable, Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
    }

    public boolean retryable() {
        return retryable;
    }
}
