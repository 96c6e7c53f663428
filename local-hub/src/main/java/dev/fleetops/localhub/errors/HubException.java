package dev.fleetops.localhub.errors;

/**
 * A request the hub refuses, with the HTTP status and the numeric IoT Hub error code the SDKs parse
 * (e.g. 404001 DeviceNotFound). Both transports turn it into their own error form.
 */
public final class HubException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final int errorCode;

    public HubException(int errorCode, String message) {
        super(message);
        this.errorCode = errorCode;
        this.status = errorCode / 1000;
    }

    public int status() {
        return status;
    }

    public int errorCode() {
        return errorCode;
    }

    public static HubException deviceNotFound(String deviceId) {
        return new HubException(ErrorCodes.DEVICE_NOT_FOUND, "Device " + deviceId + " not registered");
    }
}
