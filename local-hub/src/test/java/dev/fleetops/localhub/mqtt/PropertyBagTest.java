package dev.fleetops.localhub.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PropertyBagTest {
    @Test
    void literalAndEncodedDollarKeysBothDecode() {
        assertEquals(Map.of("$.mid", "a", "$.cid", "b"), PropertyBag.parse("$.mid=a&%24.cid=b"));
    }

    @Test
    void keysAndValuesAreUrlDecoded() {
        assertEquals(Map.of("my key", "a/b c"), PropertyBag.parse("my%20key=a%2Fb%20c"));
    }

    @Test
    void emptyBareAndBrokenPairsAreTolerated() {
        assertEquals(Map.of("k", "", "e", "", "x", "%zz"), PropertyBag.parse("k&e=&=v&&x=%zz"));
        assertEquals(Map.of(), PropertyBag.parse(""));
    }

    @Test
    void requestIdsMustBeFirstClassAndBounded() {
        assertEquals("abc", RequestQuery.parse("?$rid=abc&$version=3", 128).requestId());
        assertEquals("3", RequestQuery.parse("?$rid=abc&$version=3", 128).version());
        assertEquals(null, RequestQuery.parse("$rid=abc", 128));
        assertEquals(null, RequestQuery.parse("?$rid=" + "x".repeat(129), 128));
        assertEquals(null, RequestQuery.parse("?$rid=a/b", 128));
        assertEquals(null, RequestQuery.parse("?$rid=a&$rid=b", 128));
    }
}
