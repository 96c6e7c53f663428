package dev.fleetops.functions.iothub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MethodTimeoutsTest {

    @Test
    void theTwoTimeoutsMayAddUpToTheMaximumWaitAndNoFurther() {
        MethodTimeouts longest = new MethodTimeouts(150, MethodTimeouts.MAX_WAIT_SECONDS - 150);
        assertEquals(MethodTimeouts.MAX_WAIT_SECONDS + 10, longest.httpReadTimeoutSeconds());
        assertThrows(
                IllegalArgumentException.class, () -> new MethodTimeouts(150, MethodTimeouts.MAX_WAIT_SECONDS - 149));
    }

    @Test
    void theLongestActionRequestEndsBeforeTheFrontEndsTwoHundredThirtySeconds() {
        int worstCase = IotHubClients.HTTP_CONNECT_TIMEOUT_SECONDS
                + new MethodTimeouts(5, MethodTimeouts.MAX_WAIT_SECONDS - 5).httpReadTimeoutSeconds();
        assertTrue(worstCase < 230, "worst case " + worstCase + " s");
    }

    @Test
    void eachTimeoutKeepsIotHubsOwnRange() {
        assertThrows(IllegalArgumentException.class, () -> new MethodTimeouts(4, 0));
        assertThrows(IllegalArgumentException.class, () -> new MethodTimeouts(5, -1));
        assertThrows(IllegalArgumentException.class, () -> new MethodTimeouts(301, 0));
    }
}
