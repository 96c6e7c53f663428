package dev.fleetops.core.status;

import dev.fleetops.contract.FactoryResetReport;
import dev.fleetops.contract.FirmwareUpdateReport;
import dev.fleetops.contract.RebootReport;

/**
 * A device's device-management state as a portal shows it.
 *
 * @param operation the state of the operation the caller asked about, or null if none was asked
 */
public record DeviceStatus(String deviceId, String connectionState, String lastActivityTime, String firmwareVersion,
                           RebootReport reboot, FactoryResetReport factoryReset, FirmwareUpdateReport firmwareUpdate,
                           OperationView operation) {
}
