package dev.fleetops.device.agent;

import dev.fleetops.contract.ActionRequest;
import dev.fleetops.contract.FieldError;
import dev.fleetops.device.state.Operation;
import java.util.List;

/** What the device does with a direct-method request; decided by {@link RequestDecider}. */
public sealed interface Decision {

    /**
     * Start {@code operation}; {@code request} is the parsed payload with its operation id filled in
     * (it still holds secrets such as a signed package URI, which the persisted operation does not).
     */
    record Accept(Operation operation, ActionRequest request) implements Decision {}

    /** The operation id was seen before; nothing new runs. {@code status} is its current or final status. */
    record Duplicate(String operationId, String status) implements Decision {}

    /** Another operation holds the device. */
    record Busy(String operationId, String runningOperationId) implements Decision {}

    /** The payload is invalid; {@code operationId} is null when it could not be read. */
    record Invalid(String operationId, List<FieldError> errors) implements Decision {}

    /** The goal is already met (the requested firmware version is installed); nothing runs. */
    record Current(String operationId, String version) implements Decision {}
}
