package dev.fleetops.contract;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a device reports about its last self-test, in {@code properties.reported.health}, so a rollout's health
 * gate can count the healthy devices of a wave with one twin query on {@link ReportedPaths#HEALTH_STATUS}. Kept
 * small (three short strings) because reported twins are size-limited, and it never carries the self-test's
 * failure text: that goes into the firmware report's error, where its length is bounded.
 *
 * @param status    {@link #OK} or {@link #FAILED}
 * @param version   the firmware version that was running when the device checked itself
 * @param checkedAt when it checked, in the contract's one timestamp form ({@link Timestamps})
 */
public record HealthReport(String status, String version, String checkedAt) {
    /** Name of the reported property that holds this object. */
    public static final String PROPERTY = "health";

    public static final String OK = "ok";
    public static final String FAILED = "failed";

    private static final Set<String> STATUSES = Set.of(OK, FAILED);
    private static final Pattern VERSION = Pattern.compile("[0-9A-Za-z][0-9A-Za-z.+_-]{0,63}");
    private static final Pattern TIMESTAMP = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z");

    /** The result of a self-test of {@code version}. */
    public static HealthReport of(boolean healthy, String version, String checkedAt) {
        return new HealthReport(healthy ? OK : FAILED, version, checkedAt);
    }

    public boolean healthy() {
        return OK.equals(status);
    }

    /** {@code {"health": {…}}}, the reported patch. */
    public JsonObject patch() {
        JsonObject p = new JsonObject();
        p.add(PROPERTY, StrictJson.GSON.toJsonTree(this));
        return p;
    }

    /**
     * Reads {@code reported.health} strictly, since twins are device-written: null unless it is an object whose
     * {@code status} is {@code ok} or {@code failed}, whose {@code version} is a firmware version and whose
     * {@code checkedAt} is a contract timestamp. Unknown fields are ignored (a newer device may add some).
     */
    public static HealthReport from(JsonElement section) {
        if (!(section instanceof JsonObject o)) {
            return null;
        }
        String status = string(o, "status");
        String version = string(o, "version");
        String checkedAt = string(o, "checkedAt");
        if (status == null || !STATUSES.contains(status)) {
            return null;
        }
        if (version == null || !VERSION.matcher(version).matches()) {
            return null;
        }
        if (checkedAt == null
                || !TIMESTAMP.matcher(checkedAt).matches()
                || Timestamps.parse(checkedAt).isEmpty()) {
            return null;
        }
        return new HealthReport(status, version, checkedAt);
    }

    /** Reads {@code health} from a twin's reported-properties object; null when absent or malformed. */
    public static HealthReport fromReported(JsonObject reported) {
        return reported == null ? null : from(reported.get(PROPERTY));
    }

    private static String string(JsonObject o, String name) {
        return o.get(name) instanceof JsonPrimitive p && p.isString() ? p.getAsString() : null;
    }
}
