package dev.fleetops.device.action;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import dev.fleetops.contract.FieldError;
import dev.fleetops.contract.InstallWindow;
import dev.fleetops.device.state.Operation;
import java.util.ArrayList;
import java.util.List;

/**
 * A firmware update's install window and scheduled install time, kept in the operation's {@code details} so a
 * restart in {@code installScheduled} knows what it waits for. Read back through {@link InstallWindow#parse}: a
 * hand-edited state file with a bad window installs at once rather than wait for a window nobody asked for.
 */
public final class InstallSchedule {
    private static final String WINDOW = "installWindow";
    private static final String INSTALL_AT = "installAt";

    private InstallSchedule() {}

    /** {@code op} carrying {@code window} (none: {@code op} unchanged). */
    public static Operation withWindow(Operation op, InstallWindow window) {
        if (window == null) {
            return op;
        }
        JsonObject d = op.details() == null ? new JsonObject() : op.details().deepCopy();
        JsonObject w = new JsonObject();
        w.addProperty("start", window.start());
        w.addProperty("durationMinutes", window.durationMinutes());
        w.addProperty("timeZone", window.timeZone());
        d.add(WINDOW, w);
        return op.withDetails(d);
    }

    /** The window {@code op} waits for, or null. */
    public static InstallWindow window(Operation op) {
        JsonElement w = op.details() == null ? null : op.details().get(WINDOW);
        List<FieldError> errors = new ArrayList<>();
        InstallWindow parsed = InstallWindow.parse(w, WINDOW, errors);
        return errors.isEmpty() ? parsed : null;
    }

    static Operation withInstallAt(Operation op, String installAt) {
        JsonObject d = op.details() == null ? new JsonObject() : op.details().deepCopy();
        d.addProperty(INSTALL_AT, installAt);
        return op.withDetails(d);
    }

    static String installAt(Operation op) {
        return op.details() != null && op.details().get(INSTALL_AT) instanceof JsonPrimitive p && p.isString()
                ? p.getAsString()
                : null;
    }
}
