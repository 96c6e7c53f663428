package dev.fleetops.runner.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleetops.runner.metadata.AuthLevel;
import org.junit.jupiter.api.Test;

class FunctionKeysTest {
    private final FunctionKeys keys = new FunctionKeys("fn-key", "master-key");

    @Test
    void anonymousNeedsNoKey() {
        assertTrue(keys.allows(AuthLevel.ANONYMOUS, null, null));
    }

    @Test
    void functionLevelAcceptsTheFunctionKeyFromHeaderOrQuery() {
        assertTrue(keys.allows(AuthLevel.FUNCTION, "fn-key", null));
        assertTrue(keys.allows(AuthLevel.FUNCTION, null, "fn-key"));
    }

    @Test
    void functionLevelAlsoAcceptsTheMasterKey() {
        assertTrue(keys.allows(AuthLevel.FUNCTION, "master-key", null));
    }

    @Test
    void aMissingOrWrongKeyIsRefused() {
        assertFalse(keys.allows(AuthLevel.FUNCTION, null, null));
        assertFalse(keys.allows(AuthLevel.FUNCTION, "fn-key ", null));
        assertFalse(keys.allows(AuthLevel.FUNCTION, "", null));
    }

    @Test
    void theHeaderWinsOverTheQueryParameter() {
        assertFalse(keys.allows(AuthLevel.FUNCTION, "wrong", "fn-key"));
    }

    @Test
    void adminLevelAcceptsOnlyTheMasterKey() {
        assertFalse(keys.allows(AuthLevel.ADMIN, "fn-key", null));
        assertTrue(keys.allows(AuthLevel.ADMIN, null, "master-key"));
    }

    @Test
    void generatedKeysAreLongUrlSafeAndDifferent() {
        String a = FunctionKeys.generate();
        assertEquals(43, a.length());
        assertTrue(a.matches("[A-Za-z0-9_-]+"), a);
        assertNotEquals(a, FunctionKeys.generate());
    }

    @Test
    void aBlankKeyIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> FunctionKeys.single(" "));
    }
}
