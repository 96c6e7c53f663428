package dev.fleetops.runner.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class QueueNamesTest {
    @Test
    void namesAreLowerCasedThenCheckedAgainstTheServicesRules() {
        assertEquals("rollout-dispatch", QueueNames.normalize("Rollout-Dispatch"));
        assertEquals(
                "A queue name must be from 3 to 63 characters long - \"ab\"",
                assertThrows(IllegalArgumentException.class, () -> QueueNames.normalize("ab"))
                        .getMessage());
        assertEquals(
                "The dash (-) character may not be the first or last letter - \"-abc\"",
                assertThrows(IllegalArgumentException.class, () -> QueueNames.normalize("-abc"))
                        .getMessage());
        assertEquals(
                "A queue name cannot contain consecutive dash(-) characters.",
                assertThrows(IllegalArgumentException.class, () -> QueueNames.normalize("a--b"))
                        .getMessage());
        assertThrows(IllegalArgumentException.class, () -> QueueNames.normalize("orders_in"));
    }

    @Test
    void aPoisonQueueHasNoPoisonQueueNorDoesANameTooLongForTheSuffix() {
        assertEquals("orders-poison", QueueNames.poisonQueue("orders"));
        assertNull(QueueNames.poisonQueue("orders-poison"));
        assertNull(QueueNames.poisonQueue("a".repeat(60)));
    }
}
