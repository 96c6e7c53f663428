package dev.fleetops.core.rollout.service;

/** Another writer changed the operation since it was read; the caller reloads and decides again. */
public final class ConcurrentUpdateException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ConcurrentUpdateException(String message) {
        super(message);
    }
}
