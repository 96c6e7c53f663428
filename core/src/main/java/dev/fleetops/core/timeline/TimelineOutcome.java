package dev.fleetops.core.timeline;

import dev.fleetops.contract.FieldError;
import dev.fleetops.core.hub.HubFailure;
import java.util.List;

/** The answer of {@link DeviceTimelineService#read}. */
public sealed interface TimelineOutcome {
    record Found(String deviceId, TimelinePage page) implements TimelineOutcome {}

    record Invalid(List<FieldError> errors) implements TimelineOutcome {}

    /** The device has no timeline and the hub does not know it ({@code DEVICE_NOT_FOUND}), or could not say. */
    record HubFailed(HubFailure failure) implements TimelineOutcome {}
}
