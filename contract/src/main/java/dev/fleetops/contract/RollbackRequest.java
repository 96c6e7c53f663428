package dev.fleetops.contract;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Payload of the {@link DeviceMethods#ROLLBACK} method.
 *
 * @param operationId identifies this request; repeats with the same id are idempotent
 */
public record RollbackRequest(String operationId) {
    private static final Set<String> FIELDS = JsonFields.fields("operationId");

    public static Parsed<RollbackRequest> parse(JsonElement payload, boolean rejectUnknown) {
        List<FieldError> errors = new ArrayList<>();
        JsonObject obj = JsonFields.objectOrEmpty(payload, errors);
        JsonFields f = new JsonFields(obj, FIELDS, rejectUnknown);
        String id = f.string("operationId", false, OperationIds.MAX_LENGTH);
        OperationIds.check("operationId", id, f);
        errors.addAll(f.errors());
        return Parsed.of(new RollbackRequest(id), errors);
    }

    public RollbackRequest withOperationId(String id) {
        return new RollbackRequest(id);
    }
}
