package dev.fleetops.functions.support;

import static org.junit.jupiter.api.Assertions.fail;

/** Where the Azurite started by {@code scripts/test.sh} listens. */
public final class Azurite {
    private Azurite() {}

    public static String connectionString() {
        String cs = System.getenv("FLEETOPS_TEST_STORAGE");
        if (cs == null || cs.isBlank()) {
            fail("FLEETOPS_TEST_STORAGE is not set: run the tests with scripts/test.sh, which starts Azurite");
        }
        return cs;
    }
}
