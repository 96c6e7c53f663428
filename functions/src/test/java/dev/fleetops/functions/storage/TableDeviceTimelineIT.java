package dev.fleetops.functions.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.azure.data.tables.TableServiceClient;
import com.azure.data.tables.TableServiceClientBuilder;
import com.azure.data.tables.models.ListEntitiesOptions;
import dev.fleetops.core.timeline.DeviceTimeline;
import dev.fleetops.core.timeline.TimelineEntry;
import dev.fleetops.functions.support.Azurite;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The {@link DeviceTimelineContract} against Azurite's Table service, plus the layout and the physical pruning. */
class TableDeviceTimelineIT extends DeviceTimelineContract {
    private static final TableServiceClient SERVICE = new TableServiceClientBuilder()
            .connectionString(Azurite.connectionString())
            .buildClient();
    private static final TableDeviceTimeline TIMELINE = new TableDeviceTimeline(SERVICE);

    @Override
    protected DeviceTimeline timeline() {
        return TIMELINE;
    }

    private static List<String> stored(String deviceId) {
        List<String> rows = new ArrayList<>();
        SERVICE.getTableClient(TableDeviceTimeline.TABLE)
                .listEntities(
                        new ListEntitiesOptions()
                                .setFilter("PartitionKey eq '" + TableDeviceTimeline.partition(deviceId) + "'"),
                        null,
                        null)
                .forEach(e -> rows.add(String.valueOf(e.getProperty("State"))));
        return rows;
    }

    @Test
    void anOutcomeDeletesTheDevicesExpiredEntriesAndOtherWritesDoNot() {
        String d = "dev-prune-" + run;
        TimelineEntry expired = entry(d, now.minus(DeviceTimeline.RETENTION).minusSeconds(60), "succeeded", 1);
        TIMELINE.append(List.of(expired));
        TIMELINE.append(List.of(entry(d, now.minusSeconds(2), "in_progress", 1)));
        assertEquals(List.of("in_progress", "succeeded"), stored(d), "a dispatch does not prune");
        TIMELINE.append(List.of(entry(d, now.minusSeconds(1), "failed", 1)));
        assertEquals(List.of("failed", "in_progress"), stored(d), "one partition per device, newest first");
    }
}
