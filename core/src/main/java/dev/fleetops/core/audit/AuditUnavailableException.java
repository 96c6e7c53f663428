package dev.fleetops.core.audit;

/**
 * The audit log could not store a record. Thrown before an action is attempted when its intent cannot be recorded: the
 * action does not happen (HTTP 503 {@code audit-unavailable}, retryable).
 */
public final class AuditUnavailableException extends RuntimeException {
    public AuditUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
