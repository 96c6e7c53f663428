package dev.fleetops.localhub.errors;

/** The IoT Hub error codes this hub returns; the first three digits are the HTTP status. */
public final class ErrorCodes {
    public static final int ARGUMENT_INVALID = 400004;
    public static final int IOTHUB_FORMAT_ERROR = 400006;
    public static final int QUERY_SYNTAX = 400016;
    /** What IoT Hub answers a file upload request when no storage account is linked (see {@code files.FileUploads}). */
    public static final int FILE_UPLOAD_NOT_CONFIGURED = 400022;

    public static final int UNAUTHORIZED = 401002;
    public static final int DEVICE_NOT_FOUND = 404001;
    public static final int DEVICE_NOT_ONLINE = 404103;
    public static final int DEVICE_ALREADY_EXISTS = 409001;
    public static final int PRECONDITION_FAILED = 412001;
    public static final int MESSAGE_TOO_LARGE = 413001;
    public static final int THROTTLED = 429001;
    public static final int SERVER_ERROR = 500001;
    public static final int GATEWAY_TIMEOUT = 504101;

    private ErrorCodes() {}
}
