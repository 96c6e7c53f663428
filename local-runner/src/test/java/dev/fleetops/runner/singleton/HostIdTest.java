package dev.fleetops.runner.singleton;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HostIdTest {
    @Test
    void theSettingWins() {
        assertEquals("fleetops-bench", HostId.of(Map.of(HostId.SETTING, "fleetops-bench"), Path.of("/x")));
    }

    @Test
    void otherwiseMachineNameAndTheHashOfTheScriptRootAsTheHostDerivesIt() {
        // hash = 23, then hash * 31 + c: "/a" -> (23 * 31 + '/') * 31 + 'a' = 23657
        assertEquals(23657, HostId.stableHash("/a"));
        assertEquals("buildhost1-23657", HostId.derive("Build_Host-1", "/a"));
        String id =
                HostId.derive("a-very-long-machine-name-indeed", "/srv/app/functions/target/azure-functions/fleetops");
        assertTrue(id.length() <= 32 && !id.endsWith("-"), id);
        assertEquals(HostId.derive("m", "/same/dir"), HostId.derive("m", "/same/dir"));
    }
}
