package dev.fleetops.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StrictJsonTest {

    @Test
    void parsesAPlainObject() {
        JsonObject o = StrictJson.parseObject("{\"a\":1,\"b\":[true,null,\"x\"],\"c\":{\"d\":1.5}}");
        assertEquals(1, o.get("a").getAsInt());
        assertEquals(3, o.getAsJsonArray("b").size());
        assertEquals(1.5, o.getAsJsonObject("c").get("d").getAsDouble());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"a\":1} trailing",
                "{'a':1}",
                "{a:1}",
                "{\"a\":1,}",
                "{\"a\":1 /* comment */}",
                "{\"a\":NaN}",
                "{\"a\":",
                "[1,2",
                "",
                "   ",
            })
    void rejectsWhatLenientParsersAccept(String text) {
        assertThrows(JsonInputException.class, () -> StrictJson.parse(text));
    }

    @Test
    void rejectsDuplicateKeysNamingTheKey() {
        JsonInputException e =
                assertThrows(JsonInputException.class, () -> StrictJson.parse("{\"sha256\":\"a\",\"sha256\":\"b\"}"));
        assertTrue(e.getMessage().contains("sha256"), e.getMessage());
    }

    @Test
    void rejectsNestingDeeperThanTheLimit() {
        String deep = "[".repeat(StrictJson.MAX_DEPTH + 2) + "]".repeat(StrictJson.MAX_DEPTH + 2);
        assertThrows(JsonInputException.class, () -> StrictJson.parse(deep));
        String ok = "[".repeat(StrictJson.MAX_DEPTH) + "]".repeat(StrictJson.MAX_DEPTH);
        StrictJson.parse(ok);
    }

    @Test
    void parseObjectRejectsNonObjects() {
        assertThrows(JsonInputException.class, () -> StrictJson.parseObject("[1]"));
        assertThrows(JsonInputException.class, () -> StrictJson.parseObject("\"text\""));
    }

    @Test
    void messagesCarryNoTroubleshootingLinks() {
        JsonInputException e = assertThrows(JsonInputException.class, () -> StrictJson.parse("{\"a\" 1}"));
        assertTrue(!e.getMessage().contains("See https"), e.getMessage());
    }
}
