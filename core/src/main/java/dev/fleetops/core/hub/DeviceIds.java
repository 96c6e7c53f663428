package dev.fleetops.core.hub;

import java.util.regex.Pattern;

/**
 * Device id rules. IoT Hub allows up to 128 ASCII letters, digits and {@code - . % _ * ? ! ( ) , : = @ $ '}.
 * FleetOps accepts that set minus {@code %} and {@code ?}: iot-service-client 2.x concatenates ids into
 * request paths without encoding, so those two would change the URL it sends.
 */
public final class DeviceIds {
    public static final int MAX_LENGTH = 128;
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9\\-._*!(),:=@$']{1,128}");

    private DeviceIds() {}

    /** Null if {@code id} is acceptable; otherwise a message that explains the rule. */
    public static String problem(String id) {
        if (id == null || id.isEmpty()) {
            return "is required";
        }
        if (id.length() > MAX_LENGTH) {
            return "must be at most " + MAX_LENGTH + " characters";
        }
        if (!VALID.matcher(id).matches()) {
            return "may contain only ASCII letters, digits and - . _ * ! ( ) , : = @ $ '";
        }
        return null;
    }

    public static boolean isValid(String id) {
        return problem(id) == null;
    }
}
