package dev.fleetops.localhub.hub;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleetops.localhub.errors.HubException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The If-Match forms the official service SDKs send, and a few malformed ones. */
class IfMatchTest {
    private static final String CURRENT = "MTIzNDU2";

    @Test
    void noHeaderOrABlankOneIsNoPrecondition() {
        for (String header : new String[] {null, "", "   "}) {
            IfMatch m = IfMatch.parse(header);
            assertTrue(m.isAbsent(), String.valueOf(header));
            assertTrue(m.matches("anything"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"*", "\"*\"", " \"*\" ", "W/\"*\""})
    void bareAndQuotedWildcardsMatchAnyEtag(String header) {
        IfMatch m = IfMatch.parse(header);
        assertEquals(IfMatch.Kind.ANY, m.kind(), header);
        assertTrue(m.matches(CURRENT));
        assertDoesNotThrow(() -> m.checkRegistry(CURRENT));
        assertDoesNotThrow(() -> m.checkTwin(CURRENT));
    }

    @Test
    void quotedAndWeakEntityTagsAreComparedByTheirValue() {
        assertEquals(List.of(CURRENT), IfMatch.parse("\"" + CURRENT + "\"").tags());
        assertEquals(List.of(CURRENT), IfMatch.parse("W/\"" + CURRENT + "\"").tags());
        assertTrue(IfMatch.parse("\"" + CURRENT + "\"").matches(CURRENT));
        assertTrue(IfMatch.parse("W/\"" + CURRENT + "\"").matches(CURRENT));
        assertFalse(IfMatch.parse("\"AAAAAAAAAAE=\"").matches(CURRENT));
        assertFalse(IfMatch.parse("\"\"").matches(CURRENT), "an empty entity-tag names no etag");
    }

    @Test
    void aListMatchesWhenAnyMemberDoes() {
        IfMatch list = IfMatch.parse("\"old\", W/\"" + CURRENT + "\" ,\"x,y\"");
        assertEquals(List.of("old", CURRENT, "x,y"), list.tags());
        assertTrue(list.matches(CURRENT));
        assertFalse(IfMatch.parse("\"old\",\"older\"").matches(CURRENT));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {CURRENT, "\"" + CURRENT, CURRENT + "\"", "\"a\" b", "\"a\",", "W/" + CURRENT, "* , \"a\"", "'a'"
            })
    void valuesThatAreNoEntityTagAreUnquoted(String header) {
        IfMatch m = IfMatch.parse(header);
        assertEquals(IfMatch.Kind.UNQUOTED, m.kind(), header);
        assertEquals(List.of(header.strip()), m.tags());
        assertFalse(m.matches(header), "names no entity-tag, not even itself");
    }

    @Test
    void theRegistryRefusesAnUnquotedEtagEvenWhenItIsTheCurrentOne() {
        HubException e =
                assertThrows(HubException.class, () -> IfMatch.parse(CURRENT).checkRegistry(CURRENT));
        assertEquals(412001, e.errorCode());
        assertEquals(412, e.status());
        assertTrue(e.getMessage().contains("Invalid ETag"), e.getMessage());
    }

    @Test
    void twinWritesIgnoreAnUnquotedEtagEvenAStaleOne() {
        assertDoesNotThrow(() -> IfMatch.parse("stale").checkTwin(CURRENT));
    }

    @Test
    void aStaleEntityTagFailsBothChecksWith412001() {
        IfMatch stale = IfMatch.parse("\"stale\"");
        assertEquals(
                412001,
                assertThrows(HubException.class, () -> stale.checkRegistry(CURRENT))
                        .errorCode());
        assertEquals(
                412001,
                assertThrows(HubException.class, () -> stale.checkTwin(CURRENT)).errorCode());
        assertDoesNotThrow(() -> IfMatch.parse("\"" + CURRENT + "\"").checkRegistry(CURRENT));
    }

    @Test
    void aJobEtagFieldHoldsTheBareValue() {
        assertEquals(IfMatch.Kind.ANY, IfMatch.ofEtagField("*").kind());
        assertEquals(IfMatch.Kind.ANY, IfMatch.ofEtagField("\"*\"").kind());
        assertTrue(IfMatch.ofEtagField(null).isAbsent());
        IfMatch bare = IfMatch.ofEtagField(CURRENT);
        assertEquals(IfMatch.Kind.TAGS, bare.kind());
        assertTrue(bare.matches(CURRENT));
        assertFalse(bare.matches("other"));
        assertDoesNotThrow(() -> bare.checkTwin(CURRENT));
        assertEquals(
                412001,
                assertThrows(
                                HubException.class,
                                () -> IfMatch.ofEtagField("old").checkTwin(CURRENT))
                        .errorCode());
        assertTrue(IfMatch.ofEtagField("\"" + CURRENT + "\"").matches(CURRENT));
    }
}
