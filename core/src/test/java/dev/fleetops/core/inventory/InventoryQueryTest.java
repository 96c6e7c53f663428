package dev.fleetops.core.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleetops.contract.FieldError;
import dev.fleetops.contract.Parsed;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class InventoryQueryTest {
    private static final String BERLIN = "{\"tags\":{\"site\":\"berlin\"}}";

    private static InventoryQuery valid(Map<String, String> params) {
        Parsed<InventoryQuery> p = InventoryQuery.parse(params);
        assertInstanceOf(Parsed.Valid.class, p, p.toString());
        return ((Parsed.Valid<InventoryQuery>) p).value();
    }

    private static List<String> fields(Map<String, String> params) {
        return ((Parsed.Invalid<InventoryQuery>) assertInstanceOf(Parsed.Invalid.class, InventoryQuery.parse(params)))
                .errors().stream().map(FieldError::field).toList();
    }

    @Test
    void withoutParametersItListsEveryDeviceInPagesOfFifty() {
        InventoryQuery q = valid(Map.of("code", "the-function-key"));
        assertNull(q.filter());
        assertEquals(50, q.pageSize());
        assertNull(q.hubContinuation());
        assertEquals(
                "SELECT deviceId, connectionState, lastActivityTime, properties.reported.iothubDM AS dm FROM devices",
                q.hubQuery());
    }

    @Test
    void theFilterBecomesTheWhereClauseWithTypedLiterals() {
        InventoryQuery q = valid(Map.of(
                "filter",
                "{\"tags\":{\"site\":\"berlin\",\"floor\":3},\"reported\":{\"iothubDM.firmwareVersion\":[\"1.0.0\",\"1.1.0\"]}}",
                "pageSize",
                "100"));
        assertEquals(100, q.pageSize());
        assertEquals(
                "SELECT deviceId, connectionState, lastActivityTime, properties.reported.iothubDM AS dm FROM devices"
                        + " WHERE tags.floor = 3 AND tags.site = 'berlin'"
                        + " AND properties.reported.iothubDM.firmwareVersion IN ['1.0.0', '1.1.0']",
                q.hubQuery());
    }

    @ParameterizedTest(name = "pageSize={0}")
    @ValueSource(strings = {"0", "101", "-1", "ten", "1.5", "99999999999"})
    void aPageSizeOutsideOneToAHundredIsNamed(String size) {
        assertEquals(List.of("pageSize"), fields(Map.of("pageSize", size)));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"site=berlin", "[1]", "\"x\"", "{\"tags\":"})
    void aFilterThatIsNotAJsonObjectIsNamed(String filter) {
        assertEquals(List.of("filter"), fields(Map.of("filter", filter)));
    }

    @Test
    void filterErrorsNameTheConditionAndNoCallerTextReachesAQuery() {
        assertEquals(List.of("filter.tags.site"), fields(Map.of("filter", "{\"tags\":{\"site\":\"x' OR 1=1 --\"}}")));
        assertEquals(List.of("filter.tags"), fields(Map.of("filter", "{\"tags\":{\"a b\":1}}")));
        assertEquals(List.of("filter.tags.site"), fields(Map.of("filter", "{\"tags\":{\"site\":\"Zürich\"}}")));
        assertEquals(List.of("filter.owner", "filter"), fields(Map.of("filter", "{\"owner\":{\"a\":1}}")));
        assertEquals(List.of("filter"), fields(Map.of("filter", "{}")));
        assertEquals(List.of("filter"), fields(Map.of("filter", "{\"tags\":{\"s\":\"" + "x".repeat(9000) + "\"}}")));
    }

    @Test
    void aTokenFromAPageLeadsToTheNextPageOfTheSameQuery() {
        InventoryQuery first = valid(Map.of("filter", BERLIN));
        String token = PageToken.encode(first.hubQuery(), "hub-token-1");
        InventoryQuery next = valid(Map.of("filter", BERLIN, "continuationToken", token, "pageSize", "10"));
        assertEquals("hub-token-1", next.hubContinuation());
        assertEquals(10, next.pageSize());
    }

    @Test
    void aTokenIsRefusedWithAnotherFilterOrWhenMadeUp() {
        String token = PageToken.encode(valid(Map.of("filter", BERLIN)).hubQuery(), "hub-token-1");
        assertEquals(List.of("continuationToken"), fields(Map.of("continuationToken", token)));
        assertEquals(
                List.of("continuationToken"),
                fields(Map.of("filter", "{\"tags\":{\"site\":\"paris\"}}", "continuationToken", token)));
        assertEquals(List.of("continuationToken"), fields(Map.of("continuationToken", "not-a-token!")));
        assertEquals(List.of("continuationToken"), fields(Map.of("continuationToken", "x".repeat(5000))));
        String crlf = "{\"v\":1,\"q\":\"" + hashOf(valid(Map.of()).hubQuery()) + "\",\"h\":\"a\\r\\nX-Evil: 1\"}";
        assertEquals(List.of("continuationToken"), fields(Map.of("continuationToken", base64(crlf))));
        String fine = "{\"v\":1,\"q\":\"" + hashOf(valid(Map.of()).hubQuery()) + "\",\"h\":\"a b\"}";
        assertEquals("a b", valid(Map.of("continuationToken", base64(fine))).hubContinuation());
    }

    @Test
    void everyBadParameterIsNamedAtOnce() {
        Map<String, String> params = new HashMap<>();
        params.put("filter", "nope");
        params.put("pageSize", "0");
        assertEquals(List.of("filter", "pageSize"), fields(params));
    }

    @Test
    void theSummaryReadsTheSameFilter() {
        assertNull(((Parsed.Valid<SummaryQuery>) SummaryQuery.parse(Map.of()))
                .value()
                .filter());
        assertTrue(((Parsed.Valid<SummaryQuery>) SummaryQuery.parse(Map.of("filter", BERLIN)))
                .value()
                .filter()
                .tags()
                .containsKey("site"));
        assertEquals(
                List.of("filter.reported.iothubDM.firmwareVersion"),
                ((Parsed.Invalid<SummaryQuery>) SummaryQuery.parse(
                                Map.of("filter", "{\"reported\":{\"iothubDM.firmwareVersion\":null}}")))
                        .errors().stream().map(FieldError::field).toList());
    }

    private static String hashOf(String query) {
        String token = PageToken.encode(query, "t");
        String json = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        return com.google.gson.JsonParser.parseString(json)
                .getAsJsonObject()
                .get("q")
                .getAsString();
    }

    private static String base64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
