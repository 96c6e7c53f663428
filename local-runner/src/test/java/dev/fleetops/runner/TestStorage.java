package dev.fleetops.runner;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Azurite for the tests that need storage: {@code FLEETOPS_TEST_STORAGE} as scripts/test.sh sets it, with Azurite's
 * queue endpoint added when it names none ({@code AZURITE_QUEUE_PORT}, else 10001). Tests skip without it.
 */
public final class TestStorage {
    private TestStorage() {}

    public static String connectionString() {
        String storage = System.getenv("FLEETOPS_TEST_STORAGE");
        assumeTrue(storage != null && !storage.isBlank(), "needs Azurite (FLEETOPS_TEST_STORAGE, see scripts/test.sh)");
        if (!storage.contains("QueueEndpoint=")) {
            String port = System.getenv().getOrDefault("AZURITE_QUEUE_PORT", "10001");
            storage = (storage.endsWith(";") ? storage : storage + ";") + "QueueEndpoint=http://127.0.0.1:" + port
                    + "/devstoreaccount1;";
        }
        return storage;
    }
}
