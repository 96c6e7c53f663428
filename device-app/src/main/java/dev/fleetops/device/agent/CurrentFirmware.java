package dev.fleetops.device.agent;

import com.google.gson.JsonObject;
import dev.fleetops.contract.DmMethod;
import dev.fleetops.contract.DmReported;
import dev.fleetops.contract.FirmwareUpdateReport;
import dev.fleetops.contract.FirmwareUpdateStatus;
import dev.fleetops.device.state.DeviceState;
import dev.fleetops.device.state.FinishedOperation;

/** Records a firmware request for the version already installed: reported as {@code current}, never run. */
final class CurrentFirmware {
    private CurrentFirmware() {
    }

    static DeviceState record(DeviceState s, Decision.Current c, String now) {
        FirmwareUpdateReport prev = s.reports().firmwareUpdate();
        FirmwareUpdateReport report = new FirmwareUpdateReport(FirmwareUpdateStatus.CURRENT, c.operationId(),
                c.version(), null, prev == null ? null : prev.lastFirmwareUpdate(), now, now, null);
        String status = FirmwareUpdateStatus.CURRENT.wireName();
        return s.withReports(s.reports().with(report))
                .finishedImmediately(new FinishedOperation(c.operationId(), DmMethod.FIRMWARE_UPDATE, status, now));
    }

    static JsonObject patch(DeviceState s) {
        return DmReported.sectionPatch(DmMethod.FIRMWARE_UPDATE, s.reports().firmwareUpdate());
    }
}
