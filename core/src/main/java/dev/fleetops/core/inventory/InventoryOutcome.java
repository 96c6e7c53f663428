package dev.fleetops.core.inventory;

import dev.fleetops.contract.FieldError;
import dev.fleetops.core.hub.HubFailure;
import java.util.List;

/** What an inventory request came to. */
public sealed interface InventoryOutcome<T> {
    record Found<T>(T value) implements InventoryOutcome<T> {}

    record InvalidRequest<T>(List<FieldError> errors) implements InventoryOutcome<T> {
        public InvalidRequest {
            errors = List.copyOf(errors);
        }
    }

    record HubFailed<T>(HubFailure failure) implements InventoryOutcome<T> {}
}
