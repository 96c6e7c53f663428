package dev.fleetops.core.status;

import dev.fleetops.contract.Action;
import dev.fleetops.contract.ActionReport;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A device's device-management state as a portal shows it.
 *
 * @param sections  each reported action section by its name ({@code reboot}, …), in {@link Action#all()} order;
 *                  absent sections are left out
 * @param operation the state of the operation the caller asked about, or null if none was asked
 */
public record DeviceStatus(
        String deviceId,
        String connectionState,
        String lastActivityTime,
        String firmwareVersion,
        Map<String, ActionReport> sections,
        OperationView operation) {
    public DeviceStatus {
        sections = Collections.unmodifiableMap(new LinkedHashMap<>(sections));
    }

    /** {@code action}'s reported section, or null. */
    public <R extends ActionReport> R section(Action<?, R> action) {
        return action.reportType().cast(sections.get(action.reportedSection()));
    }
}
