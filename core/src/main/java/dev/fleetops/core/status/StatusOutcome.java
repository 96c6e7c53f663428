package dev.fleetops.core.status;

import dev.fleetops.contract.FieldError;
import dev.fleetops.core.hub.HubFailure;
import java.util.List;

/** Result of asking for a device's status. */
public sealed interface StatusOutcome {
    record Found(DeviceStatus status) implements StatusOutcome {}

    record InvalidRequest(List<FieldError> errors) implements StatusOutcome {
        public InvalidRequest {
            errors = List.copyOf(errors);
        }
    }

    record HubFailed(HubFailure failure) implements StatusOutcome {}
}
