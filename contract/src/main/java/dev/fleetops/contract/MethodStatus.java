package dev.fleetops.contract;

/**
 * Status codes a device puts in its direct-method response. IoT Hub passes them through untouched in
 * the {@code status} field of the method result, so both sides must agree on their meaning.
 */
public final class MethodStatus {
    /** The action was accepted and runs asynchronously; progress follows in reported properties. */
    public static final int ACCEPTED = 202;
    /**
     * Nothing new was started: the operation id is one the device already runs or ran ({@code duplicate}),
     * or the goal is already met ({@code current}); the {@link MethodAck} says which.
     */
    public static final int NO_NEW_OPERATION = 200;
    /**
     * The request was refused, nothing changed: an invalid payload, or a method the device does not have.
     * FleetOps devices never answer 404; the back-end still reads another agent's 404 as "not supported".
     */
    public static final int BAD_REQUEST = 400;
    /** Another operation is in progress; the response names it. */
    public static final int BUSY = 409;
    /**
     * A desired-property goal past its {@code expiresAt}: not acted on. Only in a goal's acknowledgement
     * ({@code ac}); direct methods carry no expiry.
     */
    public static final int GONE = 410;
    /** The device failed to handle the request. */
    public static final int DEVICE_ERROR = 500;

    private MethodStatus() {}
}
