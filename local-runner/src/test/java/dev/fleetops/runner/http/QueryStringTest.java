package dev.fleetops.runner.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Map;
import org.junit.jupiter.api.Test;

class QueryStringTest {

    @Test
    void repeatedNamesInAnyCaseAreJoinedWithACommaUnderTheFirstSpelling() {
        assertEquals(
                Map.of("tag", "a,b,c"), QueryString.parse("tag=a&TAG=b&Tag=c").forFunction());
    }

    @Test
    void emptyValuesAreDroppedUnlessJoinedWithOthers() {
        assertEquals(
                Map.of("b", "x", "c", ",", "d", ",1"),
                QueryString.parse("a=&b=x&flag&c=&c=&d=&d=1&&").forFunction());
    }

    @Test
    void bindingDataKeepsTheLastValueAndEmptyOnes() {
        assertEquals(Map.of("a", "2", "e", ""), QueryString.parse("a=1&a=2&e=").lastValues());
    }

    @Test
    void plusIsASpaceAndPercentEscapesAreUtf8WhileInvalidOnesStay() {
        assertEquals("a b+c é %zz %C3", QueryString.decode("a+b%2Bc %C3%A9 %zz %C3"));
        assertEquals("100%", QueryString.decode("100%"));
    }

    @Test
    void theKeyIsLookedUpInAnyCase() {
        QueryString q = QueryString.parse("Code=k");
        assertEquals("k", q.get("code"));
        assertNull(q.get("other"));
    }
}
