package dev.fleetops.core.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.fleetops.contract.Parsed;
import dev.fleetops.core.hub.HubCallException;
import dev.fleetops.core.hub.HubFailure;
import dev.fleetops.core.hub.QueryPage;
import dev.fleetops.core.hub.TwinPages;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The service's decisions over a scripted hub; the real hub's paging and GROUP BY are covered end to end (e2e). */
class InventoryServiceTest {
    private final List<String> asked = new ArrayList<>();

    private static List<JsonObject> rows(String... json) {
        List<JsonObject> out = new ArrayList<>();
        for (String j : json) {
            out.add(JsonParser.parseString(j).getAsJsonObject());
        }
        return out;
    }

    private static InventoryQuery query(Map<String, String> params) {
        return ((Parsed.Valid<InventoryQuery>) InventoryQuery.parse(params)).value();
    }

    @Test
    void aPageCarriesTheDevicesAndAWrappedTokenThatLeadsToTheHubsNextPage() {
        TwinPages hub = (q, size, token) -> {
            asked.add(size + " " + token);
            return token == null
                    ? new QueryPage(rows("{\"deviceId\":\"a\"}", "{\"deviceId\":\"b\"}"), "hub-2")
                    : new QueryPage(rows("{\"deviceId\":\"c\"}"), null);
        };
        InventoryService service = new InventoryService(hub);
        InventoryPage first =
                ((InventoryOutcome.Found<InventoryPage>) service.list(query(Map.of("pageSize", "2")))).value();
        assertEquals(
                List.of("a", "b"),
                first.devices().stream().map(InventoryDevice::deviceId).toList());
        assertFalse(first.continuationToken().contains("hub-2"), "the hub's token is wrapped");
        InventoryPage second = ((InventoryOutcome.Found<InventoryPage>)
                        service.list(query(Map.of("pageSize", "2", "continuationToken", first.continuationToken()))))
                .value();
        assertEquals(
                List.of("c"),
                second.devices().stream().map(InventoryDevice::deviceId).toList());
        assertNull(second.continuationToken());
        assertEquals(List.of("2 null", "2 hub-2"), asked);
    }

    @Test
    void aTokenTheHubNoLongerKnowsIsTheCallersToRestartButOtherHubFailuresAreTheHubs() {
        TwinPages forgetful = (q, size, token) -> {
            throw new HubCallException(new HubFailure(HubFailure.Kind.OTHER, 400, 400004, "unknown token", null));
        };
        String token = PageToken.encode(query(Map.of()).hubQuery(), "old");
        var expired = new InventoryService(forgetful).list(query(Map.of("continuationToken", token)));
        assertEquals(
                "continuationToken",
                ((InventoryOutcome.InvalidRequest<InventoryPage>)
                                assertInstanceOf(InventoryOutcome.InvalidRequest.class, expired))
                        .errors()
                        .get(0)
                        .field());
        assertInstanceOf(InventoryOutcome.HubFailed.class, new InventoryService(forgetful).list(query(Map.of())));
        TwinPages down = (q, size, token2) -> {
            throw new HubCallException(HubFailure.of(HubFailure.Kind.UNAVAILABLE, "down"));
        };
        assertInstanceOf(
                InventoryOutcome.HubFailed.class,
                new InventoryService(down).list(query(Map.of("continuationToken", token))));
    }

    @Test
    void theSummaryIsOneGroupQueryPerDimensionAndMergesTheGroupsWithoutAValue() {
        TwinPages hub = (q, size, token) -> {
            asked.add(q);
            assertEquals(InventoryService.MAX_GROUPS, size);
            if (q.contains("firmwareVersion")) {
                return new QueryPage(rows("{\"v\":\"1.0.0\",\"n\":3}", "{\"n\":2}", "{\"v\":\"1.1.0\",\"n\":5}"), null);
            }
            if (q.contains("firmwareUpdate")) {
                return new QueryPage(
                        rows(
                                "{\"v\":\"current\",\"n\":5}",
                                "{\"v\":\"applyFailed\",\"n\":1}",
                                "{\"n\":3}",
                                "{\"v\":null,\"n\":1}",
                                "{\"v\":\"warping\",\"n\":0}"),
                        null);
            }
            return new QueryPage(rows("{\"n\":10}"), null);
        };
        InventorySummary s = ((InventoryOutcome.Found<InventorySummary>)
                        new InventoryService(hub).summary(new SummaryQuery(null)))
                .value();
        assertEquals(
                List.of(
                        "SELECT properties.reported.iothubDM.firmwareVersion AS v, COUNT() AS n FROM devices"
                                + " GROUP BY properties.reported.iothubDM.firmwareVersion",
                        "SELECT properties.reported.iothubDM.reboot.status AS v, COUNT() AS n FROM devices"
                                + " GROUP BY properties.reported.iothubDM.reboot.status",
                        "SELECT properties.reported.iothubDM.factoryReset.status AS v, COUNT() AS n FROM devices"
                                + " GROUP BY properties.reported.iothubDM.factoryReset.status",
                        "SELECT properties.reported.iothubDM.firmwareUpdate.status AS v, COUNT() AS n FROM devices"
                                + " GROUP BY properties.reported.iothubDM.firmwareUpdate.status"),
                asked);
        assertEquals(10, s.devices());
        assertEquals(
                List.of(
                        new InventorySummary.VersionCount("1.1.0", 5),
                        new InventorySummary.VersionCount("1.0.0", 3),
                        new InventorySummary.VersionCount(null, 2)),
                s.firmwareVersions());
        assertEquals(
                List.of(
                        new InventorySummary.StatusCount("current", Outcome.SUCCEEDED, 5),
                        new InventorySummary.StatusCount(null, Outcome.NONE, 4),
                        new InventorySummary.StatusCount("applyFailed", Outcome.FAILED, 1),
                        new InventorySummary.StatusCount("warping", Outcome.UNKNOWN, 0)),
                s.actions().get("firmwareUpdate"));
        assertEquals(
                List.of(new InventorySummary.StatusCount(null, Outcome.NONE, 10)),
                s.actions().get("reboot"));
        assertEquals(
                List.of("reboot", "factoryReset", "firmwareUpdate"),
                List.copyOf(s.actions().keySet()));
        assertFalse(s.truncated());
    }

    @Test
    void aDimensionWithMoreGroupsThanOnePageMarksTheSummaryTruncated() {
        TwinPages hub =
                (q, size, token) -> new QueryPage(rows("{\"v\":\"x\",\"n\":1}"), q.contains("reboot") ? "more" : null);
        InventorySummary s = ((InventoryOutcome.Found<InventorySummary>)
                        new InventoryService(hub).summary(new SummaryQuery(null)))
                .value();
        assertTrue(s.truncated());
    }

    @Test
    void theSummaryFilterIsTheWhereClauseOfEveryQuery() {
        TwinPages hub = (q, size, token) -> {
            asked.add(q);
            return new QueryPage(List.of(), null);
        };
        SummaryQuery q = ((Parsed.Valid<SummaryQuery>)
                        SummaryQuery.parse(Map.of("filter", "{\"tags\":{\"site\":\"berlin\"}}")))
                .value();
        InventorySummary s = ((InventoryOutcome.Found<InventorySummary>) new InventoryService(hub).summary(q)).value();
        assertEquals(0, s.devices());
        assertEquals(4, asked.size());
        asked.forEach(x -> assertTrue(x.contains(" FROM devices WHERE tags.site = 'berlin' GROUP BY "), x));
    }
}
