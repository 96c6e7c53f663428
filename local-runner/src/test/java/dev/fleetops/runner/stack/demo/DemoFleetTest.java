package dev.fleetops.runner.stack.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DemoFleetTest {
    private static List<String> devices(int n) {
        List<String> ids = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            ids.add(String.format("device-%03d", i));
        }
        return ids;
    }

    @Test
    void theStacksDefaultProfileAndSeedGiveTheFailingDevicesTheScriptNames() {
        // scripts/local-stack.sh documents these for its defaults (--profile failHealth=0.2 --seed 7, 25 devices).
        DemoFleet fleet = DemoFleet.of(devices(25), "failHealth=0.2", 7);
        assertEquals(List.of("device-009", "device-015", "device-016", "device-017", "device-023"), fleet.failHealth());
        assertEquals(20, fleet.healthy().size());
    }

    @Test
    void theCanaryTargetsHaveMoreFailingDevicesThanHalfSoAnyCanaryOfThreeHasOne() {
        DemoFleet fleet = DemoFleet.of(devices(25), "failHealth=0.2", 7);
        List<String> targets = DemoScenario.canaryTargets(fleet);
        assertEquals(6, targets.size());
        long healthy = targets.stream().filter(fleet.healthy()::contains).count();
        assertEquals(2, healthy, "with at most 2 healthy devices among 6, every 3-device canary has a failing one");
        assertTrue(!targets.contains(fleet.healthy().get(0)), "the rebooted device stays out of the canary");
    }

    @Test
    void profilesTheDemoCannotPredictOrTooFewFailingDevicesAreRefusedClearly() {
        DemoFailure mixed = assertThrows(DemoFailure.class, () -> DemoFleet.of(devices(25), "slow=0.5", 7));
        assertTrue(mixed.getMessage().contains("'slow'"), mixed.getMessage());
        DemoFailure few = assertThrows(DemoFailure.class, () -> DemoFleet.of(devices(25), "failHealth=0.2", 1));
        assertTrue(few.getMessage().contains("gives 3 and 22 of 25"), few.getMessage());
    }
}
