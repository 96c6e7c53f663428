package dev.fleetops.contract;

/** Thrown when untrusted JSON text is not acceptable; the message is safe to return to the sender. */
public final class JsonInputException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public JsonInputException(String message) {
        super(message);
    }
}
