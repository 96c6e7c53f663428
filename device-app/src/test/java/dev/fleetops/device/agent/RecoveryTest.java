package dev.fleetops.device.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.fleetops.device.state.Operation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RecoveryTest {
    private static final String T = "2026-01-01T00:00:00Z";

    private static Operation fw(String status) {
        return Operation.firmware("fw-1", "2.0.0", "https://h/p", "a".repeat(64), null, status, T);
    }

    @Test
    void idleDeviceHasNothingToRecover() {
        assertEquals(RecoveryStep.NOTHING, Recovery.plan(null, false));
    }

    @Test
    void interruptedRebootIsCompletedByThisStart() {
        assertEquals(RecoveryStep.COMPLETE_REBOOT, Recovery.plan(Operation.reboot("r", null, "rebooting", T), false));
    }

    @Test
    void interruptedFactoryResetIsRedone() {
        assertEquals(
                RecoveryStep.REDO_FACTORY_RESET, Recovery.plan(Operation.factoryReset("f", "inProgress", T), false));
    }

    @ParameterizedTest
    @CsvSource({
        "waiting, true, FAIL_DOWNLOAD_INTERRUPTED",
        "downloading, true, FAIL_DOWNLOAD_INTERRUPTED",
        "downloadComplete, true, CONTINUE_APPLY",
        "downloadComplete, false, FAIL_APPLY_INTERRUPTED",
        "applying, true, CONTINUE_APPLY",
        "applying, false, FAIL_APPLY_INTERRUPTED",
        "rebooting, false, COMPLETE_APPLY",
        "applyComplete, false, FAIL_APPLY_INTERRUPTED",
        "bogus, true, FAIL_APPLY_INTERRUPTED",
    })
    void firmwareIsResumedOnlyFromAVerifiedStagedPackage(String status, boolean staged, RecoveryStep expected) {
        assertEquals(expected, Recovery.plan(fw(status), staged));
    }
}
