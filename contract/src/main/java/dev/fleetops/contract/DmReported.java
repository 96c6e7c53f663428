package dev.fleetops.contract;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;

/**
 * The {@code iothubDM} object in a device's reported properties: the installed firmware version and
 * one section per action. Reading is defensive, since a twin is written by devices and cannot be
 * trusted: a section of the wrong shape reads as absent instead of failing the whole document.
 */
public record DmReported(String firmwareVersion, RebootReport reboot, FactoryResetReport factoryReset,
                         FirmwareUpdateReport firmwareUpdate) {

    /** Name of the reported property that holds this object. */
    public static final String PROPERTY = "iothubDM";

    /** Serializes sections with explicit nulls, so a patch clears fields left over from the last operation. */
    private static final Gson PATCH_GSON = new GsonBuilder().disableHtmlEscaping().serializeNulls().create();

    public static final DmReported EMPTY = new DmReported(null, null, null, null);

    /** Reads {@code iothubDM} from a twin's reported-properties object; never throws. */
    public static DmReported fromReported(JsonObject reported) {
        if (reported == null || !(reported.get(PROPERTY) instanceof JsonObject dm)) {
            return EMPTY;
        }
        String fw = dm.get("firmwareVersion") instanceof com.google.gson.JsonPrimitive p && p.isString() ? p.getAsString() : null;
        return new DmReported(fw,
                section(dm, DmMethod.REBOOT, RebootReport.class),
                section(dm, DmMethod.FACTORY_RESET, FactoryResetReport.class),
                section(dm, DmMethod.FIRMWARE_UPDATE, FirmwareUpdateReport.class));
    }

    private static <T> T section(JsonObject dm, DmMethod method, Class<T> type) {
        JsonElement e = dm.get(method.reportedSection());
        if (!(e instanceof JsonObject)) {
            return null;
        }
        try {
            return StrictJson.GSON.fromJson(e, type);
        } catch (JsonParseException | IllegalStateException | UnsupportedOperationException | NumberFormatException ex) {
            return null;
        }
    }

    /**
     * A reported-properties patch {@code {"iothubDM":{"<section>":{...}}}} that sets every field of the
     * section, nulls included.
     */
    public static JsonObject sectionPatch(DmMethod method, Object report) {
        JsonObject dm = new JsonObject();
        dm.add(method.reportedSection(), PATCH_GSON.toJsonTree(report));
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
}
