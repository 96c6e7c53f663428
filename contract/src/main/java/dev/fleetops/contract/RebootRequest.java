package dev.fleetops.contract;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Payload of the {@code reboot} method.
 *
 * @param operationId  identifies this request; repeats with the same id are idempotent
 * @param delaySeconds how long the device stays down, or null for the device's default
 */
public record RebootRequest(String operationId, Integer delaySeconds) implements ActionRequest {
    public static final int MAX_DELAY_SECONDS = 3600;
    private static final Set<String> FIELDS = JsonFields.fields("operationId", "delaySeconds");

    public static Parsed<RebootRequest> parse(JsonElement payload, boolean rejectUnknown) {
        List<FieldError> errors = new ArrayList<>();
        JsonObject obj = JsonFields.objectOrEmpty(payload, errors);
        JsonFields f = new JsonFields(obj, FIELDS, rejectUnknown);
        String id = f.string("operationId", false, OperationIds.MAX_LENGTH);
        OperationIds.check("operationId", id, f);
        Long delay = f.integer("delaySeconds", false, 0, MAX_DELAY_SECONDS);
        errors.addAll(f.errors());
        return Parsed.of(new RebootRequest(id, delay == null ? null : delay.intValue()), errors);
    }

    @Override
    public RebootRequest withOperationId(String id) {
        return new RebootRequest(id, delaySeconds);
    }

    @Override
    public Action<RebootRequest, RebootReport> action() {
        return Action.REBOOT;
    }
}
