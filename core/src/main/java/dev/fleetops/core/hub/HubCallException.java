package dev.fleetops.core.hub;

/** Thrown by ports whose callers cannot continue without the hub's answer (e.g. the progress timer). */
public final class HubCallException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient HubFailure failure;

    public HubCallException(HubFailure failure) {
        super(failure.kind() + " (" + failure.errorCode() + "): " + failure.message());
        this.failure = failure;
    }

    public HubFailure failure() {
        return failure;
    }
}
