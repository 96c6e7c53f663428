package dev.fleetops.core.identity;

import dev.fleetops.contract.Action;
import java.util.Objects;

/**
 * What a fleet operation would do, as far as the access policy cares.
 *
 * @param deviceCount the number of explicit target devices; 0 for a filter target (its size is not known up front)
 */
public record OperationScope(Action<?, ?> action, TargetKind target, int deviceCount) {

    public enum TargetKind {
        /** {@code target.deviceIds}: an explicit list. */
        DEVICE_LIST,
        /** {@code target.filter}: whatever matches tags/reported properties when the operation runs. */
        FILTER
    }

    public OperationScope {
        Objects.requireNonNull(action, "'action' cannot be null.");
        Objects.requireNonNull(target, "'target' cannot be null.");
        if (deviceCount < 0 || (target == TargetKind.DEVICE_LIST && deviceCount == 0)) {
            throw new IllegalArgumentException(
                    "'deviceCount' must be positive for a device list and 0 or more for a filter.");
        }
    }

    public static OperationScope deviceList(Action<?, ?> action, int deviceCount) {
        return new OperationScope(action, TargetKind.DEVICE_LIST, deviceCount);
    }

    public static OperationScope filter(Action<?, ?> action) {
        return new OperationScope(action, TargetKind.FILTER, 0);
    }
}
