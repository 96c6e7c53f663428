package dev.fleetops.device.state;

import dev.fleetops.contract.FactoryResetReport;
import dev.fleetops.contract.FirmwareUpdateReport;
import dev.fleetops.contract.RebootReport;

/**
 * The last report of each {@code iothubDM} section, kept locally so the device can re-publish the truth
 * after a reconnect (reports sent during a drop may have been lost).
 */
public record DmReports(RebootReport reboot, FactoryResetReport factoryReset, FirmwareUpdateReport firmwareUpdate) {
    public static final DmReports NONE = new DmReports(null, null, null);

    public DmReports with(RebootReport r) {
        return new DmReports(r, factoryReset, firmwareUpdate);
    }

    public DmReports with(FactoryResetReport r) {
        return new DmReports(reboot, r, firmwareUpdate);
    }

    public DmReports with(FirmwareUpdateReport r) {
        return new DmReports(reboot, factoryReset, r);
    }
}
