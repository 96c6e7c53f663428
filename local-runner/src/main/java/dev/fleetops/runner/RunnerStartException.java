package dev.fleetops.runner;

/** The runner cannot start; the message says why in terms of the app, its settings or the port. */
public final class RunnerStartException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public RunnerStartException(String message, Throwable cause) {
        super(message, cause);
    }

    public RunnerStartException(String message) {
        super(message);
    }
}
