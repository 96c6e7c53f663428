package dev.fleetops.core.operations;

import com.google.gson.JsonObject;
import dev.fleetops.contract.DmMethod;
import dev.fleetops.contract.DmReported;
import dev.fleetops.contract.ErrorInfo;
import dev.fleetops.contract.FactoryResetStatus;
import dev.fleetops.contract.FirmwareUpdateStatus;
import dev.fleetops.contract.RebootStatus;
import dev.fleetops.contract.ReportedPaths;
import dev.fleetops.core.rollout.ExecutionState;
import dev.fleetops.core.rollout.Observation;
import dev.fleetops.core.rollout.RolloutEngine;
import java.util.Optional;

/**
 * Reads a fleet operation's progress from twins: builds the query (only constants and the operation's
 * own id, which FleetOps generated) and turns a reported section into an {@link Observation}.
 */
public final class DeviceProgress {
    private DeviceProgress() {
    }

    /**
     * Twins whose section for {@code action} carries an attempt id of {@code rolloutId}. Attempt ids are
     * {@code <id>.a<n>}, so a string range selects them without STARTSWITH (not in the twin query language).
     */
    public static String query(String rolloutId, DmMethod action) {
        if (!rolloutId.matches("[A-Za-z0-9-]{1,60}")) {
            throw new IllegalArgumentException("'rolloutId' is not query-safe.");
        }
        String op = ReportedPaths.section(action) + ".operationId";
        return "SELECT * FROM devices WHERE " + op + " >= '" + rolloutId + ".a' AND " + op + " < '" + rolloutId + ".b'";
    }

    /** The observation in one twin row, if its section is about this rollout. */
    public static Optional<Observation> observe(JsonObject twin, String rolloutId, DmMethod action) {
        JsonObject reported = twin.get("properties") instanceof JsonObject p && p.get("reported") instanceof JsonObject r ? r : null;
        DmReported dm = DmReported.fromReported(reported);
        String opId;
        ExecutionState outcome;
        String status;
        ErrorInfo error;
        switch (action) {
            case REBOOT -> {
                if (dm.reboot() == null || dm.reboot().status() == null) {
                    return Optional.empty();
                }
                opId = dm.reboot().operationId();
                status = dm.reboot().status().wireName();
                error = dm.reboot().error();
                outcome = dm.reboot().status() == RebootStatus.COMPLETED ? ExecutionState.SUCCEEDED
                        : dm.reboot().status() == RebootStatus.FAILED ? ExecutionState.FAILED : ExecutionState.IN_PROGRESS;
            }
            case FACTORY_RESET -> {
                if (dm.factoryReset() == null || dm.factoryReset().status() == null) {
                    return Optional.empty();
                }
                opId = dm.factoryReset().operationId();
                status = dm.factoryReset().status().wireName();
                error = dm.factoryReset().error();
                outcome = dm.factoryReset().status() == FactoryResetStatus.COMPLETED ? ExecutionState.SUCCEEDED
                        : dm.factoryReset().status() == FactoryResetStatus.FAILED ? ExecutionState.FAILED : ExecutionState.IN_PROGRESS;
            }
            case FIRMWARE_UPDATE -> {
                if (dm.firmwareUpdate() == null || dm.firmwareUpdate().status() == null) {
                    return Optional.empty();
                }
                FirmwareUpdateStatus s = dm.firmwareUpdate().status();
                opId = dm.firmwareUpdate().operationId();
                status = s.wireName();
                error = dm.firmwareUpdate().error();
                outcome = s == FirmwareUpdateStatus.APPLY_COMPLETE || s == FirmwareUpdateStatus.CURRENT ? ExecutionState.SUCCEEDED
                        : s.isFailure() ? ExecutionState.FAILED : ExecutionState.IN_PROGRESS;
            }
            default -> {
                return Optional.empty();
            }
        }
        int attempt = RolloutEngine.attemptOf(rolloutId, opId);
        return attempt < 1 ? Optional.empty() : Optional.of(new Observation(attempt, outcome, status, error));
    }
}
