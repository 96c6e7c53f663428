package dev.fleetops.core.status;

import dev.fleetops.contract.Action;
import dev.fleetops.contract.ActionReport;
import dev.fleetops.contract.DmReported;
import dev.fleetops.contract.FieldError;
import dev.fleetops.contract.OperationIds;
import dev.fleetops.core.device.DeviceIds;
import dev.fleetops.core.hub.DeviceTwin;
import dev.fleetops.core.hub.HubFailure;
import dev.fleetops.core.hub.TwinLookup;
import dev.fleetops.core.hub.TwinReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Reads a device's device-management state from its twin, optionally focused on one operation. */
public final class DeviceStatusService {
    private final TwinReader twins;
    private final List<Action<?, ?>> actions;

    public DeviceStatusService(TwinReader twins) {
        this(twins, Action.all());
    }

    /** @param actions the actions whose sections are read (FleetOps ships {@link Action#all()}) */
    public DeviceStatusService(TwinReader twins, List<Action<?, ?>> actions) {
        this.twins = Objects.requireNonNull(twins, "'twins' cannot be null.");
        this.actions = List.copyOf(actions);
    }

    /**
     * @param operationId the operation to report on, or null for none
     */
    public StatusOutcome status(String deviceId, String operationId) {
        List<FieldError> errors = new ArrayList<>();
        String idProblem = DeviceIds.problem(deviceId);
        if (idProblem != null) {
            errors.add(new FieldError("deviceId", idProblem));
        }
        if (operationId != null && !OperationIds.isValid(operationId)) {
            errors.add(new FieldError("operationId", "is not a valid operation id"));
        }
        if (!errors.isEmpty()) {
            return new StatusOutcome.InvalidRequest(errors);
        }
        TwinLookup lookup = twins.read(deviceId);
        if (lookup instanceof HubFailure failure) {
            return new StatusOutcome.HubFailed(failure);
        }
        DeviceTwin twin = (DeviceTwin) lookup;
        DmReported dm = DmReported.fromReported(twin.reported());
        Map<String, ActionReport> sections = new LinkedHashMap<>();
        for (Action<?, ?> action : actions) {
            ActionReport r = dm.section(action);
            if (r != null) {
                sections.put(action.reportedSection(), r);
            }
        }
        OperationView op = operationId == null ? null : find(sections.values(), operationId);
        return new StatusOutcome.Found(new DeviceStatus(twin.deviceId(), twin.connectionState(), twin.lastActivityTime(),
                dm.firmwareVersion(), sections, op));
    }

    /** Finds the section that carries {@code operationId}; pending until the device reports it. */
    static OperationView find(Iterable<ActionReport> sections, String operationId) {
        for (ActionReport r : sections) {
            if (operationId.equals(r.operationId()) && r.status() != null) {
                return OperationView.reported(r.action(), r);
            }
        }
        return OperationView.pending(operationId);
    }
}
