package dev.fleetops.functions.storage;

import dev.fleetops.core.timeline.DeviceTimeline;
import dev.fleetops.core.timeline.InMemoryDeviceTimeline;

/** The in-memory timeline against the same contract as {@link TableDeviceTimelineIT}. */
class InMemoryDeviceTimelineContractTest extends DeviceTimelineContract {
    private final InMemoryDeviceTimeline timeline = new InMemoryDeviceTimeline();

    @Override
    protected DeviceTimeline timeline() {
        return timeline;
    }
}
