package dev.fleetops.contract;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Payload of the {@code factoryReset} method.
 *
 * @param operationId identifies this request; repeats with the same id are idempotent
 */
public record FactoryResetRequest(String operationId) implements ActionRequest {
    private static final Set<String> FIELDS = JsonFields.fields("operationId");

    public static Parsed<FactoryResetRequest> parse(JsonElement payload, boolean rejectUnknown) {
        List<FieldError> errors = new ArrayList<>();
        JsonObject obj = JsonFields.objectOrEmpty(payload, errors);
        JsonFields f = new JsonFields(obj, FIELDS, rejectUnknown);
        String id = f.string("operationId", false, OperationIds.MAX_LENGTH);
        OperationIds.check("operationId", id, f);
        errors.addAll(f.errors());
        return Parsed.of(new FactoryResetRequest(id), errors);
    }

    @Override
    public FactoryResetRequest withOperationId(String id) {
        return new FactoryResetRequest(id);
    }

    @Override
    public Action<FactoryResetRequest, FactoryResetReport> action() {
        return Action.FACTORY_RESET;
    }
}
