package dev.fleetops.device.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProfileMixTest {

    private static Map<Behaviour, Integer> count(ProfileMix mix, long seed, int n) {
        Map<Behaviour, Integer> m = new EnumMap<>(Behaviour.class);
        for (int i = 0; i < n; i++) {
            m.merge(mix.assign(seed, i), 1, Integer::sum);
        }
        return m;
    }

    @Test
    void sharesAreRoughlyHonouredOverALargeFleet() {
        Map<Behaviour, Integer> m = count(ProfileMix.parse("slow=0.1,failHealth=0.05,crash=0.02"), 1, 10_000);

        assertTrue(Math.abs(m.get(Behaviour.SLOW) - 1000) < 150, m.toString());
        assertTrue(Math.abs(m.get(Behaviour.FAIL_HEALTH) - 500) < 100, m.toString());
        assertTrue(Math.abs(m.get(Behaviour.CRASH) - 200) < 60, m.toString());
        assertTrue(Math.abs(m.get(Behaviour.NORMAL) - 8300) < 200, m.toString());
        assertEquals(null, m.get(Behaviour.REJECT));
    }

    @Test
    void anExplicitNormalShareDoesNotShiftTheOthers() {
        Map<Behaviour, Integer> m = count(ProfileMix.parse("normal=0.5,slow=0.2"), 3, 10_000);
        assertTrue(Math.abs(m.get(Behaviour.SLOW) - 2000) < 200, m.toString());
    }

    @Test
    void assignmentIsRepeatableForTheSameSeed() {
        ProfileMix mix = ProfileMix.parse("offline=0.3,reject=0.3");
        for (int i = 0; i < 100; i++) {
            assertEquals(mix.assign(42, i), mix.assign(42, i));
        }
    }

    @Test
    void unknownNamesBadNumbersAndOverfullMixesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> ProfileMix.parse("sluggish=0.1"));
        assertThrows(IllegalArgumentException.class, () -> ProfileMix.parse("slow=lots"));
        assertThrows(IllegalArgumentException.class, () -> ProfileMix.parse("slow=0.7,crash=0.5"));
        assertThrows(IllegalArgumentException.class, () -> ProfileMix.parse("slow"));
    }
}
