package dev.fleetops.core.rollout.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;

class CanonicalJsonTest {
    private static String canonical(String json) {
        return CanonicalJson.of(JsonParser.parseString(json));
    }

    @Test
    void keyOrderAndWhitespaceDoNotMatter() {
        String a =
                "{\"action\":\"reboot\",\"target\":{\"deviceIds\":[\"a\",\"b\"]},\"rollout\":{\"waves\":[10,100],\"maxPerMinute\":60}}";
        String b =
                "{ \"rollout\" : { \"maxPerMinute\" : 60 , \"waves\" : [ 10 , 100 ] },\n\t\"target\":{\"deviceIds\":[\"a\",\"b\"]},"
                        + " \"action\": \"reboot\" }";
        assertEquals(canonical(a), canonical(b));
        assertEquals(
                "{\"action\":\"reboot\",\"rollout\":{\"maxPerMinute\":60,\"waves\":[10,100]},\"target\":{\"deviceIds\":[\"a\",\"b\"]}}",
                canonical(b));
    }

    @Test
    void whatDiffersStaysDifferent() {
        assertNotEquals(
                canonical("{\"ids\":[\"a\",\"b\"]}"), canonical("{\"ids\":[\"b\",\"a\"]}"), "array order is meaning");
        assertNotEquals(canonical("{\"v\":\"1\"}"), canonical("{\"v\":1}"));
        assertNotEquals(canonical("{\"a\":{\"b\":1}}"), canonical("{\"a\":{\"b\":2}}"));
        assertNotEquals(canonical("{\"a\":null}"), canonical("{}"));
    }

    @Test
    void numbersHaveOneForm() {
        assertEquals(canonical("{\"n\":100}"), canonical("{\"n\":1e2}"));
        assertEquals(canonical("{\"n\":1}"), canonical("{\"n\":1.000}"));
        assertEquals(canonical("{\"n\":0}"), canonical("{\"n\":-0.0}"));
        assertEquals("{\"s\":\"\\\"quoted\\\" ✓\"}", canonical("{\"s\":\"\\\"quoted\\\" \\u2713\"}"));
    }
}
