package dev.fleetops.core.device;

import dev.fleetops.contract.Action;
import dev.fleetops.contract.FieldError;
import dev.fleetops.contract.MethodAck;
import dev.fleetops.core.hub.HubFailure;
import java.util.List;

/** What happened when a portal asked to start an action on one device. */
public sealed interface ActionOutcome {

    /**
     * The device took the request: a new operation, or one it already knew.
     *
     * @param result  {@code ACCEPTED}, {@code DUPLICATE} or {@code CURRENT}
     * @param message the device's own words, possibly empty
     */
    record Started(String deviceId, Action<?, ?> action, String operationId, MethodAck.Result result, String message)
            implements ActionOutcome {
    }

    /** The request itself was invalid; nothing was sent to the device. */
    record InvalidRequest(List<FieldError> errors) implements ActionOutcome {
        public InvalidRequest {
            errors = List.copyOf(errors);
        }
    }

    /**
     * The device refused (its own 4xx status): busy with another operation, bad payload, or no such method.
     *
     * @param runningOperationId when busy, the operation that holds the device, else null
     */
    record DeviceRejected(String deviceId, int deviceStatus, String message, String runningOperationId)
            implements ActionOutcome {
    }

    /** The device answered with a failure status (5xx) or an answer FleetOps cannot interpret. */
    record DeviceError(String deviceId, int deviceStatus, String message) implements ActionOutcome {
    }

    /** The hub did not deliver the request or the answer. */
    record HubFailed(String deviceId, HubFailure failure) implements ActionOutcome {
    }
}
