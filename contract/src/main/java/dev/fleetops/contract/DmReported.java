package dev.fleetops.contract;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonPrimitive;

/**
 * The {@code iothubDM} object in a device's reported properties: the installed firmware version and
 * one section per {@link Action}. Reading is defensive, since a twin is written by devices and cannot be
 * trusted: a section of the wrong shape reads as absent instead of failing the whole document.
 */
public final class DmReported {

    /** Name of the reported property that holds this object. */
    public static final String PROPERTY = "iothubDM";

    /** Serializes sections with explicit nulls, so a patch clears fields left over from the last operation. */
    private static final Gson PATCH_GSON =
            new GsonBuilder().disableHtmlEscaping().serializeNulls().create();

    public static final DmReported EMPTY = new DmReported(null, new JsonObject());

    private final String firmwareVersion;
    private final JsonObject dm;

    private DmReported(String firmwareVersion, JsonObject dm) {
        this.firmwareVersion = firmwareVersion;
        this.dm = dm;
    }

    /** Reads {@code iothubDM} from a twin's reported-properties object; never throws. */
    public static DmReported fromReported(JsonObject reported) {
        if (reported == null || !(reported.get(PROPERTY) instanceof JsonObject dm)) {
            return EMPTY;
        }
        String fw = dm.get("firmwareVersion") instanceof JsonPrimitive p && p.isString() ? p.getAsString() : null;
        return new DmReported(fw, dm.deepCopy());
    }

    /** The installed firmware version, or null. */
    public String firmwareVersion() {
        return firmwareVersion;
    }

    /** {@code action}'s section, or null when it is absent or not of the section's shape. */
    public <R extends ActionReport> R section(Action<?, R> action) {
        JsonElement e = dm.get(action.reportedSection());
        if (!(e instanceof JsonObject)) {
            return null;
        }
        try {
            return StrictJson.GSON.fromJson(e, action.reportType());
        } catch (JsonParseException
                | IllegalStateException
                | UnsupportedOperationException
                | NumberFormatException ex) {
            return null;
        }
    }

    /**
     * A reported-properties patch {@code {"iothubDM":{"<section>":{...}}}} that sets every field of the
     * report's section, nulls included.
     */
    public static JsonObject sectionPatch(ActionReport report) {
        JsonObject dm = new JsonObject();
        dm.add(report.action().reportedSection(), PATCH_GSON.toJsonTree(report));
        JsonObject root = new JsonObject();
        root.add(PROPERTY, dm);
        return root;
    }

    /** A patch that sets {@code iothubDM.firmwareVersion}. */
    public static JsonObject firmwareVersionPatch(String version) {
        JsonObject dm = new JsonObject();
        dm.addProperty("firmwareVersion", version);
        JsonObject root = new JsonObject();
        root.add(PROPERTY, dm);
        return root;
    }

    /**
     * Reported property (top level, beside {@code iothubDM}) naming the device's own IANA time zone, which
     * {@code "timeZone": "device"} windows are read in. An operator's twin tag of the same name takes precedence.
     */
    public static final String TIME_ZONE = "timeZone";

    public static JsonObject timeZonePatch(java.time.ZoneId zone) {
        JsonObject root = new JsonObject();
        root.addProperty(TIME_ZONE, zone.getId());
        return root;
    }
}
