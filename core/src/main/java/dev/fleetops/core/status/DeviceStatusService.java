package dev.fleetops.core.status;

import dev.fleetops.contract.DmMethod;
import dev.fleetops.contract.DmReported;
import dev.fleetops.contract.FieldError;
import dev.fleetops.contract.OperationIds;
import dev.fleetops.core.device.DeviceIds;
import dev.fleetops.core.hub.DeviceTwin;
import dev.fleetops.core.hub.HubFailure;
import dev.fleetops.core.hub.TwinLookup;
import dev.fleetops.core.hub.TwinReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Reads a device's device-management state from its twin, optionally focused on one operation. */
public final class DeviceStatusService {
    private final TwinReader twins;

    public DeviceStatusService(TwinReader twins) {
        this.twins = Objects.requireNonNull(twins, "'twins' cannot be null.");
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
        OperationView op = operationId == null ? null : find(dm, operationId);
        return new StatusOutcome.Found(new DeviceStatus(twin.deviceId(), twin.connectionState(), twin.lastActivityTime(),
                dm.firmwareVersion(), dm.reboot(), dm.factoryReset(), dm.firmwareUpdate(), op));
    }

    /** Finds which action section carries {@code operationId}; pending until the device reports it. */
    static OperationView find(DmReported dm, String operationId) {
        if (dm.reboot() != null && operationId.equals(dm.reboot().operationId()) && dm.reboot().status() != null) {
            var r = dm.reboot();
            return new OperationView(operationId, DmMethod.REBOOT.methodName(), r.status().wireName(),
                    r.status().isTerminal(), r.status() == dev.fleetops.contract.RebootStatus.FAILED, r.updatedAt(), r.error());
        }
        if (dm.factoryReset() != null && operationId.equals(dm.factoryReset().operationId()) && dm.factoryReset().status() != null) {
            var r = dm.factoryReset();
            return new OperationView(operationId, DmMethod.FACTORY_RESET.methodName(), r.status().wireName(),
                    r.status().isTerminal(), r.status() == dev.fleetops.contract.FactoryResetStatus.FAILED, r.updatedAt(), r.error());
        }
        if (dm.firmwareUpdate() != null && operationId.equals(dm.firmwareUpdate().operationId()) && dm.firmwareUpdate().status() != null) {
            var r = dm.firmwareUpdate();
            return new OperationView(operationId, DmMethod.FIRMWARE_UPDATE.methodName(), r.status().wireName(),
                    r.status().isTerminal(), r.status().isFailure(), r.updatedAt(), r.error());
        }
        return OperationView.pending(operationId);
    }
}
