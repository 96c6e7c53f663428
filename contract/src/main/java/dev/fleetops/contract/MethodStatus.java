package dev.fleetops.contract;

/**
 * Status codes a device puts in its direct-method response. IoT Hub passes them through untouched in
 * the {@code status} field of the method result, so both sides must agree on their meaning.
 */
public final class MethodStatus {
    /** The action was accepted and runs asynchronously; progress follows in reported properties. */
    public static final int ACCEPTED = 202;
    /** The same operation id was seen before, or the goal is already met; nothing new was started. */
    public static final int ALREADY_DONE = 200;
    /** The payload was invalid; nothing changed. */
    public static final int BAD_REQUEST = 400;
    /** The device does not implement the method. */
    public static final int NOT_FOUND = 404;
    /** Another operation is in progress; the response names it. */
    public static final int BUSY = 409;
    /** The device failed to handle the request. */
    public static final int DEVICE_ERROR = 500;

    private MethodStatus() {
    }
}
