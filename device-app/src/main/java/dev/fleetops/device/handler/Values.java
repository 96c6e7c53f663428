package dev.fleetops.device.handler;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The values a handler is given. They come from requests the contract already validated (operation id, version)
 * or from the agent (paths in its state directory); they are checked again here so that nothing that could
 * confuse a handler's own parsing (an option-like leading '-', a newline) ever reaches it.
 */
final class Values {
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]{0,127}");

    private Values() {}

    /** What is wrong with {@code call}'s values, or null. */
    static String problem(StepCall c) {
        if (!TOKEN.matcher(c.operationId()).matches()) {
            return "operation id is not a plain token";
        }
        if (c.version() != null && !TOKEN.matcher(c.version()).matches()) {
            return "version is not a plain token";
        }
        if (c.previousVersion() != null && !TOKEN.matcher(c.previousVersion()).matches()) {
            return "previous version is not a plain token";
        }
        if (c.file() != null && !path(c.file())) {
            return "file path has control characters or is not absolute";
        }
        if (!path(c.stateDir())) {
            return "state directory path has control characters or is not absolute";
        }
        if ((c.step() == Step.INSTALL || c.step() == Step.DOWNLOAD_VERIFIED) && c.file() == null) {
            return c.step().wireName() + " needs a file";
        }
        if (c.step() == Step.INSTALL && c.version() == null) {
            return "install needs a version";
        }
        return null;
    }

    private static boolean path(java.nio.file.Path p) {
        return p.isAbsolute() && p.toString().chars().noneMatch(Character::isISOControl);
    }

    static Map<String, String> environment(StepCall c) {
        Map<String, String> env = new HashMap<>();
        env.put("FLEETOPS_STEP", c.step().wireName());
        env.put("FLEETOPS_OPERATION_ID", c.operationId());
        env.put("FLEETOPS_ATTEMPT", Integer.toString(c.attempt()));
        env.put("FLEETOPS_STATE_DIR", c.stateDir().toString());
        if (c.version() != null) {
            env.put("FLEETOPS_VERSION", c.version());
        }
        if (c.previousVersion() != null) {
            env.put("FLEETOPS_PREVIOUS_VERSION", c.previousVersion());
        }
        if (c.file() != null) {
            env.put("FLEETOPS_FILE", c.file().toString());
        }
        return env;
    }
}
